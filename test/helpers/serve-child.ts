import { spawn, type ChildProcess } from 'node:child_process';
import { PULSE_BIN } from '../../bench/proc.ts';

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
  // Port 0, and the address read from the server's own start line: a port picked here and bound
  // seconds later (workers start first) could meanwhile go to another test's server.
  const child = spawn(process.execPath, [PULSE_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // SERVE_CHILD_LOG=warn shows a child's log in its stderr() when a test needs to know why it stopped.
    env: { ...process.env, LOG_LEVEL: process.env.SERVE_CHILD_LOG ?? 'silent', SLACK_APP_TOKEN: '', ...env },
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const until = Date.now() + 60_000;
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pulse serve exited with ${child.exitCode}: ${err.trim()}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`pulse serve was not ready within 60 s: ${err.trim()}`);
    }
    url ??= /listening on (http:\/\/[\d.]+:\d+)/.exec(err)?.[1];
    const ready = url !== undefined && await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (url === undefined) throw new Error('unreachable: ready without an address');
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
