import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withClient, withDatabase } from '../../db/admin.ts';
import { createDb } from '../../db/connect.ts';
import { freePort } from './free-port.ts';
import { startEmbedded, type EmbeddedServer } from '../../db/embedded.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed/demo.ts';

// Tests use DATABASE_URL when set, otherwise an embedded server of their own (never the one
// `npm start` uses). Two templates are built once per run: migrated-empty and migrated+demo.
const TEST_NOW = '2026-11-23';

let server: EmbeddedServer | undefined;
let serverDir: string | undefined;
let adminUrl = '';
const TEST_ROOT = '.pulse/test-pg';
const templates: string[] = [];

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withClient(adminUrl, fn);

async function buildTemplate(name: string, demo: boolean): Promise<void> {
  await admin(async (c) => {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  });
  const { db } = createDb(withDatabase(adminUrl, name), 2);
  try {
    await migrateToLatest(db);
    if (demo) await seedDemo(db, TEST_NOW);
  } finally {
    await db.destroy();
  }
  templates.push(name);
}

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // A server per run, in a folder named after this process: two runs at once (CI and a
    // developer, or several agents) never drop or stop each other's databases.
    sweepDeadRuns(TEST_ROOT);
    serverDir = path.join(TEST_ROOT, String(process.pid));
    server = await startEmbedded(serverDir, await freePort(), ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=200']);
    adminUrl = server.url('postgres');
  }
  const run = `${process.pid}`;
  const empty = `pulse_tpl_empty_${run}`;
  const demo = `pulse_tpl_demo_${run}`;
  await buildTemplate(empty, false);
  await buildTemplate(demo, true);
  project.provide('pulseDb', { adminUrl, templates: { empty, demo } });
}

export async function teardown(): Promise<void> {
  await admin(async (c) => {
    for (const t of templates) await c.query(`drop database if exists ${t} with (force)`);
  }).catch(() => {});
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
}

/** Folders of runs whose vitest process is gone; a server such a run left running is shut down. */
function sweepDeadRuns(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const dir = path.join(root, name);
    if (/^\d+$/.test(name) && alive(Number(name))) continue;
    const pidFile = path.join(dir, 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      // SIGQUIT: immediate shutdown; the folder is deleted next anyway.
      if (alive(pid)) process.kill(pid, 'SIGQUIT');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pulseDb: { adminUrl: string; templates: { empty: string; demo: string } };
  }
}
