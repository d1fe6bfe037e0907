import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { EntitySpec } from './entity-spec.ts';
import type { Value } from './fields.ts';

// Rows are streamed with COPY into a temporary table (no WAL, dropped at commit), then checked and
// merged with set-based SQL: memory stays flat whatever the file's size.
export const STAGE = 'import_stage';

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function createStageSql(spec: EntitySpec): string {
  const cols = spec.columns.map((c) => `${ident(c.name)} ${c.stage}`).join(', ');
  return `create temp table ${STAGE} (line integer not null, ${cols}) on commit drop`;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** One line of COPY's text format: tab-separated, \N for null. */
export function encodeCopyRow(line: number, values: readonly (Value | undefined)[], width: number): string {
  let out = String(line);
  for (let i = 0; i < width; i++) {
    const v = values[i];
    out += '\t';
    if (v === null || v === undefined) out += '\\N';
    else if (typeof v === 'string') out += escapeText(v);
    else if (typeof v === 'boolean') out += v ? 't' : 'f';
    else out += String(v);
  }
  return `${out}\n`;
}

/** A COPY … FROM STDIN into the stage, fed in 64 KiB writes that wait when Postgres is behind. */
export class StageWriter {
  private readonly stream: CopyStreamQuery;
  private buffer: string[] = [];
  private size = 0;
  private failure: Error | undefined;
  rows = 0;

  constructor(client: PoolClient, spec: EntitySpec) {
    const cols = ['line', ...spec.columns.map((c) => c.name)].map(ident).join(', ');
    this.stream = client.query(copyFrom(`copy ${STAGE} (${cols}) from stdin`));
    this.stream.on('error', (e: Error) => {
      this.failure = e;
    });
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (e: Error) => {
          this.stream.off('drain', onDrain);
          reject(e);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  /** Cancels the COPY (Postgres gets CopyFail), so the transaction can be rolled back at once. */
  abort(reason: Error): void {
    if (!this.stream.destroyed) this.stream.destroy(reason);
  }

  async end(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.stream.once('finish', resolve);
      this.stream.once('error', reject);
      this.stream.end();
    });
  }
}
