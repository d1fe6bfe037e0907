import { spawn, type ChildProcess } from 'node:child_process';
import { PULSE_BIN } from '../../bench/proc.ts';
import { freePort } from './free-port.ts';

// `pulse serve` as production runs it: its own process, its own event loop, stopped by a signal.

export interface ServeChild {
  url: string;
  child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr: () => string;
  /** Resolves with the exit code (or the signal that killed it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (afterAll). */
  kill: () => void;
}

export async function startServeChild(env: Record<string, string>, args: string[] = []): Promise<ServeChild> {
  const port = await freePort();
  const child = spawn(process.execPath, [PULSE_BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent', SLACK_APP_TOKEN: '', ...env },
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pulse serve exited with ${child.exitCode}: ${err.trim()}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`pulse serve was not ready within 60 s: ${err.trim()}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stderr: () => err,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
