import { pino, type DestinationStream, type Logger } from 'pino';

// JSON in production, pretty in a terminal; logs go to stderr so stdout stays machine-readable.
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.NODE_ENV !== 'production' && process.stderr.isTTY;
  if (pretty) {
    return pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino({ level }, pino.destination(2));
}

interface LineSink {
  write(line: string): unknown;
}

/** What createLogger would write to, made on the first line (the terminal chat may never need it). */
function defaultSink(): LineSink {
  const pretty = process.env.NODE_ENV !== 'production' && process.stderr.isTTY;
  return pretty ? pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true } }) : pino.destination(2);
}

let sink: LineSink | undefined;
// The root logger writes through here, so the terminal chat can take its lines (children included).
const forward: DestinationStream = { write: (line: string) => void (sink ??= defaultSink()).write(line) };

export const log: Logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, forward);

const WARN = 40;
const LEVEL_WORDS: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };
const STANDARD = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err']);

/**
 * A JSON log line as one line a person reads: "warning: llm planner fell back to rules (reason:
 * timeout)"; empty below a warning.
 */
export function chatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.replace(/\s+/g, ' ').trim();
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  if (level < 40) return '';
  const word = LEVEL_WORDS[Math.min(60, Math.floor(level / 10) * 10)] ?? 'warning';
  const err = entry.err as { message?: unknown } | undefined;
  const details = [
    ...(typeof err?.message === 'string' ? [err.message] : []),
    ...Object.entries(entry)
      .filter(([k, v]) => !STANDARD.has(k) && v !== null && ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k}: ${String(v)}`),
  ];
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  const line = `${word}: ${msg}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * Logging for the terminal chat: nothing below a warning (a line between the prompt and the answer
 * is noise there), and each warning or error as one plain line on `out` (stderr). A quieter
 * LOG_LEVEL (error, silent) is kept.
 */
export function useChatLogging(out: { write(s: string): unknown }): void {
  if (log.levelVal < WARN) log.level = 'warn';
  sink = {
    write: (json: string) => {
      const line = chatLogLine(json);
      if (line) out.write(`${line}\n`);
    },
  };
}
