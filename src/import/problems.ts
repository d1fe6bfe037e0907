import { PulseError } from '../errors.ts';

/** One thing wrong with the input: where (line, column), what was there (value) and why. */
export interface ImportProblem {
  /** 1-based physical line of the file; the header is line 1 in a CSV file. */
  line?: number;
  column?: string;
  value?: string;
  message: string;
}

/** Input that cannot be read any further (bad bytes, an unclosed quote): stops the stream. */
export class InputFault extends PulseError {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super('bad_input', message);
    this.name = 'InputFault';
  }
}

/** Every problem is kept up to a cap, so a file that is wrong on every row cannot exhaust memory. */
export const MAX_PROBLEMS = 10_000;

export class ProblemList {
  readonly items: ImportProblem[] = [];
  /** Problems past the cap: counted, not kept. */
  dropped = 0;

  add(p: ImportProblem): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push(p);
    else this.dropped++;
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  /** By line, file-level problems (no line) first; stable within a line. */
  sorted(): ImportProblem[] {
    return [...this.items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}

const MAX_VALUE_CHARS = 80;

export function showValue(v: string): string {
  const s = v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}…` : v;
  return JSON.stringify(s);
}

/** `line 7, column amount, value "12,x": not an amount` */
export function formatProblem(p: ImportProblem): string {
  const where: string[] = [];
  if (p.line !== undefined) where.push(`line ${p.line}`);
  if (p.column !== undefined) where.push(`column ${p.column}`);
  if (p.value !== undefined) where.push(`value ${showValue(p.value)}`);
  return where.length ? `${where.join(', ')}: ${p.message}` : p.message;
}
