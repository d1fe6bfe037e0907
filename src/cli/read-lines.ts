import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Lines of a stream until EOF, without their line breaks. */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}
