import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePortOutsideEphemeral } from './free-port.ts';

// A primary and a hot standby streaming from it, on loopback, made with the PostgreSQL server
// binaries on this machine (PULSE_PG_BIN, else PostgreSQL 15's Debian path, as on CI). As root the
// binaries run as the `postgres` OS user (the server refuses to run as root), in a folder it owns.

const run = promisify(execFile);
export const PG_BIN = process.env.PULSE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NEEDED = ['initdb', 'pg_ctl', 'pg_basebackup'];

export interface StreamingPair {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby the way a crash or a pulled cable would (`pg_ctl stop -m immediate`). */
  stopStandby(): Promise<void>;
  /** Stops both servers and deletes their folders; safe to call twice. */
  destroy(): Promise<void>;
}

/** Why the pair cannot be made here, in one line; undefined when it can. */
export function missingBinaries(): string | undefined {
  const missing = NEEDED.filter((b) => !existsSync(path.join(PG_BIN, b)));
  if (missing.length === 0) return undefined;
  return `PostgreSQL server binaries missing in ${PG_BIN} (${missing.join(', ')}): install postgresql-15 or set PULSE_PG_BIN to a bin folder holding initdb, pg_ctl and pg_basebackup`;
}

async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** `durable`: fsync on, as in production (for measuring); off by default, as the tests need speed, not crash safety. */
export async function startStreamingPair(opts: { durable?: boolean } = {}): Promise<StreamingPair> {
  const missing = missingBinaries();
  if (missing) throw new Error(missing);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-replica-'));
  if (asRoot) {
    const { uid, gid } = await osUser('postgres');
    chownSync(dir, uid, gid);
  }
  const bin = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, name), ...args]) : run(path.join(PG_BIN, name), args);
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const primaryPort = await freePortOutsideEphemeral();
  const standbyPort = await freePortOutsideEphemeral([primaryPort]);
  const started: string[] = [];
  const stop = async (data: string) => {
    if (!started.includes(data)) return;
    started.splice(started.indexOf(data), 1);
    await bin('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  const destroy = async () => {
    await stop(standbyDir);
    await stop(primaryDir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bin('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        `fsync = ${opts.durable ? 'on' : 'off'}`,
        'max_connections = 60',
        'shared_buffers = 32MB',
        '',
      ].join('\n'),
    );
    appendFileSync(path.join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await bin('pg_ctl', ['-D', primaryDir, '-l', path.join(dir, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    await bin('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    // The copied postgresql.conf names the primary's port; a later line wins.
    appendFileSync(path.join(standbyDir, 'postgresql.conf'), `port = ${standbyPort}\n`);
    await bin('pg_ctl', ['-D', standbyDir, '-l', path.join(dir, 'standby.log'), '-w', 'start']);
    started.push(standbyDir);
  } catch (e) {
    await destroy();
    const err = e as { stderr?: string; message?: string };
    throw new Error(`could not make the streaming pair: ${(err.stderr || err.message || String(e)).trim().split('\n').slice(-3).join(' ')}`);
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
    stopStandby: () => stop(standbyDir),
    destroy,
  };
}

/** One query on a short-lived client. */
export async function queryOn<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Resolves once the standby has replayed everything the primary had written when called. */
export async function caughtUp(primaryUrl: string, standbyUrl: string, timeoutMs = 20_000): Promise<void> {
  const [{ lsn }] = (await queryOn<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn')) as [{ lsn: string }];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryOn<{ done: boolean }>(standbyUrl, 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
    if (row?.done) return;
    if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${lsn} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
