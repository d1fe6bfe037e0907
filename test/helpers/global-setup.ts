import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../db/connect.ts';
import { startEmbedded, type EmbeddedServer } from '../../db/embedded.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed/demo.ts';

// Tests use DATABASE_URL when set, otherwise an embedded server of their own (never the one
// `npm start` uses). Two templates are built once per run: migrated-empty and migrated+demo.
const TEST_NOW = '2026-11-23';

let server: EmbeddedServer | undefined;
let adminUrl = '';
const templates: string[] = [];

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

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
    server = await startEmbedded('.pulse/test-pg', 54339, ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=200']);
    adminUrl = server.url('postgres');
    // This server is the tests' own: databases left by an interrupted run are safe to drop.
    await admin(async (c) => {
      const left = await c.query<{ datname: string }>(
        "select datname from pg_database where datname like 'pulse_t_%' or datname like 'pulse_tpl_%'",
      );
      for (const r of left.rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    });
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
}

declare module 'vitest' {
  export interface ProvidedContext {
    pulseDb: { adminUrl: string; templates: { empty: string; demo: string } };
  }
}
