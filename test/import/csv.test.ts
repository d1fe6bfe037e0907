import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, type CsvRecord } from '../../src/import/csv.ts';
import { decodeUtf8 } from '../../src/import/utf8.ts';

function parseAll(text: string, delimiter = ',', chunkSize = text.length || 1) {
  const p = new CsvParser(delimiter);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    const f = p.push(text.slice(i, i + chunkSize), out);
    if (f) return { out, fault: f };
  }
  return { out, fault: p.end(out) };
}

const SAMPLE =
  'id,name,note\r\n' +
  '1,"Smith, John","said ""hi"""\r\n' +
  '2,plain,"two\r\nlines"\r\n' +
  '\r\n' +
  '3,"",\n' +
  '4,"a\nb\nc",end\r' +
  '5,x,"last"';

describe('CsvParser', () => {
  it('reads quotes, doubled quotes, embedded delimiters and line breaks, with the line each record starts on', () => {
    const { out, fault } = parseAll(SAMPLE);
    expect(fault).toBeUndefined();
    expect(out).toEqual([
      { line: 1, fields: ['id', 'name', 'note'] },
      { line: 2, fields: ['1', 'Smith, John', 'said "hi"'] },
      { line: 3, fields: ['2', 'plain', 'two\nlines'] },
      { line: 5, fields: [''] },
      { line: 6, fields: ['3', '', ''] },
      { line: 7, fields: ['4', 'a\nb\nc', 'end'] },
      { line: 10, fields: ['5', 'x', 'last'] },
    ]);
  });

  it('gives the same records however the input is cut into chunks', () => {
    const whole = parseAll(SAMPLE).out;
    for (let size = 1; size <= SAMPLE.length; size++) {
      expect(parseAll(SAMPLE, ',', size).out).toEqual(whole);
    }
  });

  it('reads semicolon and tab files', () => {
    expect(parseAll('a;b\n"1;2";3\n', ';').out.map((r) => r.fields)).toEqual([['a', 'b'], ['1;2', '3']]);
    expect(parseAll('a\tb\n1\t2', '\t').out.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('names the line where a quoted field opens and never closes', () => {
    const { fault } = parseAll('a,b\n1,2\n3,"open\nmore\n4,5\n', ',', 3);
    expect(fault).toEqual({ line: 3, message: 'a quoted field opens here and is never closed' });
  });

  it('names text after a closing quote', () => {
    const { out, fault } = parseAll('a,b\n1,"x"y\n');
    expect(out).toHaveLength(1);
    expect(fault?.line).toBe(2);
    expect(fault?.message).toMatch(/text after the closing quote/);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(parseAll('a,b\n15" screen,2\n').out[1]?.fields).toEqual(['15" screen', '2']);
  });

  it('stops on a record longer than 1 MiB instead of holding the file', () => {
    const { fault } = parseAll(`a\n"${'x'.repeat(1100_000)}`, ',', 65536);
    expect(fault).toEqual({ line: 2, message: expect.stringMatching(/longer than 1 MiB/) });
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter of the header line, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('"x;y;z",b,c')).toBe(',');
    expect(detectDelimiter('"x,y";b')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });
});

describe('decodeUtf8', () => {
  const decode = async (bytes: Buffer, size: number) => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    let text = '';
    for await (const t of decodeUtf8(chunks, { bytes: 0 })) text += t;
    return text;
  };

  it('drops a BOM and joins characters split across chunks, whatever the chunk size', async () => {
    const bytes = Buffer.from('\uFEFFname\nMüller 😀 €\n', 'utf8');
    for (const size of [1, 2, 3, 5, 64]) expect(await decode(bytes, size)).toBe('name\nMüller 😀 €\n');
  });

  it('refuses a file that ends in the middle of a character', async () => {
    await expect(decode(Buffer.from([0x61, 0x0a, 0xe2, 0x82]), 1)).rejects.toMatchObject({
      line: 2,
      message: 'not valid UTF-8: the file ends in the middle of a character',
    });
  });
});
