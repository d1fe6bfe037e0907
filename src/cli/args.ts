import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

const SEE_HELP = 'see pulse --help';

/**
 * Strict `parseArgs`: every mistake becomes one line ("unknown option --x; see pulse --help")
 * instead of Node's multi-line message.
 */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message : String(e);
    const quoted = /'([^']*)'/.exec(msg)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown option ${quoted}; ${SEE_HELP}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(`option ${quoted.replace(/ <value>$/, '')} needs a value; ${SEE_HELP}`);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`unexpected argument ${quoted}; ${SEE_HELP}`);
      default:
        throw new UsageError(`${msg.split('\n')[0] ?? msg}; ${SEE_HELP}`);
    }
  }
}
