import { pino, type Logger } from 'pino';

// JSON in production, pretty in a terminal; logs go to stderr so stdout stays machine-readable.
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.NODE_ENV !== 'production' && process.stderr.isTTY;
  if (pretty) {
    return pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino({ level }, pino.destination(2));
}

export const log: Logger = createLogger();
