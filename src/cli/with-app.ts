import type { DbHandle } from '../../db/connect.ts';
import { openApp, openDb, type App, type OpenAppOptions } from '../app.ts';
import type { Config } from '../config.ts';
import { configOrReport } from './config-or-report.ts';

// Re-exported for commands written against its first home here.
export { configOrReport };
import { println, type CliIo } from './io.ts';
import { EXIT_FAIL } from './usage-error.ts';

/**
 * Stops the embedded server on Ctrl-C or a kill while a command runs: a server left running would
 * hold the data directory and the port for the next start.
 */
function closeOnSignal(close: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 5000).unref();
    void close()
      .catch(() => {})
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Config, database and program, then `fn`; everything closed afterwards, whatever happens. */
export async function withApp(
  io: CliIo,
  fn: (app: App) => Promise<number>,
  opts: OpenAppOptions = {},
): Promise<number> {
  const config = configOrReport(io);
  if (!config) return EXIT_FAIL;
  const opened = await openApp(config, opts);
  if (!opened.ok) {
    println(io.stderr, opened.error.message);
    return EXIT_FAIL;
  }
  const app = opened.value;
  const release = closeOnSignal(app.close);
  try {
    return await fn(app);
  } finally {
    release();
    await app.close();
  }
}

/** The database alone (no program, no demo seeding): for `pulse db …`. */
export async function withDb(io: CliIo, fn: (handle: DbHandle, config: Config) => Promise<number>): Promise<number> {
  const config = configOrReport(io);
  if (!config) return EXIT_FAIL;
  const opened = await openDb(config);
  if (!opened.ok) {
    println(io.stderr, opened.error.message);
    return EXIT_FAIL;
  }
  const handle = opened.value;
  const release = closeOnSignal(handle.close);
  try {
    return await fn(handle, config);
  } finally {
    release();
    await handle.close();
  }
}
