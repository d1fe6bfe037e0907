// Errors are values: a code a program can branch on and a message a person can act on.
export type ErrorCode =
  | 'bad_input'
  | 'not_found'
  | 'forbidden'
  | 'not_linked'
  | 'no_partner'
  | 'unknown_user'
  | 'config'
  | 'db_unreachable'
  | 'program_invalid'
  | 'unsupported'
  | 'internal';

export interface PulseErrorValue {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: PulseErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
});

/**
 * Thrown only across layers that cannot return a value (deep inside a query); caught at the edge
 * and turned back into a value. Out-of-scope partners are `Forbidden`, which the reply layer
 * words exactly like a partner that does not exist.
 */
export class PulseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PulseError';
  }
}

export class Forbidden extends PulseError {
  constructor(readonly partnerId: number) {
    super('forbidden', `partner ${partnerId} is outside the caller's scope`);
    this.name = 'Forbidden';
  }
}

export const isPulseError = (e: unknown): e is PulseError => e instanceof PulseError;

/** One line for a person, never a stack trace. */
export function describeError(e: unknown): string {
  if (isPulseError(e)) return e.message;
  if (e instanceof Error) return e.message.split('\n')[0] ?? 'unexpected error';
  return String(e);
}
