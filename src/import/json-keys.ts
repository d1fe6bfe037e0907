// JSON.parse keeps the last of two equal keys without a word: {"partner": "P-1", "partner": "P-2"}
// would land in P-2. The JSON lines reader asks here, over the line's text, whether the object
// names a key twice. Only the top level matters: a nested object is never a valid cell.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** The index of the quote closing the string opened at `open`. */
function stringEnd(s: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q === -1) return s.length;
    let slashes = 0;
    for (let b = q - 1; b > open && s.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * Calls `visit` with every top-level key of a JSON object's text, as written (escapes kept), and
 * returns how many there are. `s` must be valid JSON (it has been parsed already).
 */
function scanKeys(s: string, visit?: (raw: string) => void): number {
  let depth = 0;
  let expectKey = false;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(s, i);
      if (depth === 1 && expectKey) {
        count++;
        visit?.(s.slice(i + 1, end));
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === COMMA && depth === 1) {
      expectKey = true;
    }
  }
  return count;
}

const decode = (raw: string): string => (raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw);

/**
 * The first top-level key `text` gives twice ("a" and "\u0061" are the same key), or undefined.
 * `distinct` is the number of keys the parsed object has: when the text has as many, none repeats
 * and no key is decoded.
 */
export function repeatedKey(text: string, distinct: number): string | undefined {
  if (scanKeys(text) === distinct) return undefined;
  const seen = new Set<string>();
  let repeated: string | undefined;
  scanKeys(text, (raw) => {
    const key = decode(raw);
    if (repeated === undefined && seen.has(key)) repeated = key;
    seen.add(key);
  });
  return repeated;
}
