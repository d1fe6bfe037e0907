import { loadConfig, type Config } from '../config.ts';
import { println, type CliIo } from './io.ts';

/** The validated environment, or one line naming the bad variable on stderr. */
export function configOrReport(io: CliIo): Config | undefined {
  const config = loadConfig(io.env);
  if (config.ok) return config.value;
  println(io.stderr, config.error.message);
  return undefined;
}
