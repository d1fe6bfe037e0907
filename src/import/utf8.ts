import { InputFault } from './problems.ts';

export interface DecodeStats {
  bytes: number;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The first byte the strict decoder rejects, found by bisection with a fresh decoder: the same
 * rules as the decode itself, so the line named is the line that failed. Bytes continuing a
 * character begun in the previous chunk are skipped first.
 */
function firstBadByte(chunk: Uint8Array): number {
  let start = 0;
  while (start < 3 && start < chunk.length && (chunk[start]! & 0xc0) === 0x80) start++;
  const fails = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, end), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = start;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  // The decoder notices a broken sequence at the byte that breaks it; name the byte it began with.
  let at = Math.min(lo, chunk.length - 1);
  for (let k = 1; k <= 3 && at - k >= start; k++) {
    const b = chunk[at - k]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) at -= k;
    break;
  }
  return at;
}

/**
 * Bytes to text, refusing anything that is not UTF-8 (a Latin-1 or Windows-1252 export would
 * otherwise import "Müller" as "M�ller"). A leading BOM is dropped. Counts bytes into `stats`.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, stats: DecodeStats): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  for await (const chunk of chunks) {
    const offset = stats.bytes;
    stats.bytes += chunk.length;
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = firstBadByte(chunk);
      const line = linesBefore + countNewlines(chunk, at) + 1;
      const hex = chunk[at]?.toString(16).padStart(2, '0') ?? '??';
      throw new InputFault(line, `not valid UTF-8 (byte 0x${hex} at offset ${offset + at}); save the file as UTF-8`);
    }
    linesBefore += countNewlines(chunk);
    if (text !== '') yield text;
  }
  try {
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  } catch {
    throw new InputFault(linesBefore + 1, 'not valid UTF-8: the file ends in the middle of a character');
  }
}
