// A streaming RFC 4180 reader written for error reports: every record carries the physical line it
// starts on (quoted line breaks, CRLF or LF, counted once), and broken quoting is named with the
// line where the quote opened. csv-parse counts a quoted CRLF as two lines, which would shift every
// line number after it, and costs ~5x more once asked for line numbers.

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvFault {
  line: number;
  message: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A record this long is almost always a quote left open; stop before it holds the whole file. */
export const MAX_RECORD_CHARS = 1 << 20;

const INCOMPLETE = 'incomplete' as const;
type Step = { next: number; fields: string[]; lines: number } | CsvFault | typeof INCOMPLETE;

/** `,`, `;` or tab: whichever appears most often outside quotes in the header line; `,` on a tie. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch;
  return best;
}

/** Line breaks inside a quoted value: CRLF, LF and a lone CR each count as one. */
function countBreaks(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && value.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

export class CsvParser {
  private pending = '';
  private line = 1;
  private readonly delim: number;

  constructor(delimiter: string) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Appends the complete records in `chunk` (plus what was pending) to `out`. */
  push(chunk: string, out: CsvRecord[]): CsvFault | undefined {
    return this.run(this.pending + chunk, false, out);
  }

  /** The end of the input: the last record may lack its line break. */
  end(out: CsvRecord[]): CsvFault | undefined {
    return this.pending === '' ? undefined : this.run(this.pending, true, out);
  }

  private run(buf: string, final: boolean, out: CsvRecord[]): CsvFault | undefined {
    let pos = 0;
    while (pos < buf.length) {
      const step = this.record(buf, pos, final);
      if (step === INCOMPLETE) break;
      if ('message' in step) return step;
      out.push({ line: this.line, fields: step.fields });
      this.line += step.lines;
      pos = step.next;
    }
    this.pending = pos === 0 ? buf : buf.slice(pos);
    if (this.pending.length > MAX_RECORD_CHARS) {
      return { line: this.line, message: 'a record longer than 1 MiB starts here; is a quote left open?' };
    }
    return undefined;
  }

  /** One record from `pos`: its fields and how many line breaks it spans, including its own end. */
  private record(buf: string, start: number, final: boolean): Step {
    const len = buf.length;
    const fields: string[] = [];
    let lines = 0;
    let pos = start;
    for (;;) {
      if (pos >= len) {
        if (!final) return INCOMPLETE;
        fields.push('');
        return { next: pos, fields, lines };
      }
      let value: string;
      if (buf.charCodeAt(pos) === QUOTE) {
        const openLine = this.line + lines;
        value = '';
        let j = pos + 1;
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k === -1) {
            if (!final) return INCOMPLETE;
            return { line: openLine, message: 'a quoted field opens here and is never closed' };
          }
          if (k + 1 >= len && !final) return INCOMPLETE;
          if (buf.charCodeAt(k + 1) === QUOTE) {
            value += buf.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value += buf.slice(j, k);
          pos = k + 1;
          break;
        }
        if (value.includes('\n') || value.includes('\r')) {
          lines += countBreaks(value);
          value = value.replace(/\r\n?/g, '\n');
        }
        if (pos < len) {
          const c = buf.charCodeAt(pos);
          if (c !== this.delim && c !== LF && c !== CR) {
            return {
              line: this.line + lines,
              message: 'text after the closing quote of a quoted field (write "" for a quote inside quotes)',
            };
          }
        }
      } else {
        let j = pos;
        while (j < len) {
          const c = buf.charCodeAt(j);
          if (c === this.delim || c === LF || c === CR) break;
          j++;
        }
        value = buf.slice(pos, j);
        pos = j;
      }
      if (pos >= len) {
        if (!final) return INCOMPLETE;
        fields.push(value);
        return { next: pos, fields, lines };
      }
      const c = buf.charCodeAt(pos);
      fields.push(value);
      if (c === this.delim) {
        pos++;
        continue;
      }
      if (c === LF) return { next: pos + 1, fields, lines: lines + 1 };
      // CR: a CRLF pair needs to see the next character before it can be told from a lone CR.
      if (pos + 1 >= len && !final) return INCOMPLETE;
      return { next: buf.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1, fields, lines: lines + 1 };
    }
  }
}
