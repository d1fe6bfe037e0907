import {
  Kysely,
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { replicaFailure, type ReplicaFailure } from './replica-errors.ts';

/** Told each time a read left the replica for the primary. */
export type OnReplicaFailure = (why: ReplicaFailure, error: Error) => void;

/** A connection to the replica, or, when none could be had, one that runs each query on the primary. */
class FallbackConnection implements DatabaseConnection {
  private inTransaction = false;

  constructor(
    readonly replica: DatabaseConnection | undefined,
    private readonly primary: Db,
    private readonly onFailure: OnReplicaFailure,
  ) {}

  markTransaction(open: boolean): void {
    this.inTransaction = open;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.replica) return this.primary.executeQuery<R>(query);
    try {
      return await this.replica.executeQuery<R>(query);
    } catch (e) {
      // Inside a transaction the earlier statements ran on the replica; moving the rest would mix the two.
      const why = this.inTransaction ? undefined : replicaFailure(e);
      if (!why) throw e;
      this.onFailure(why, e as Error);
      return this.primary.executeQuery<R>(query);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.replica) {
      yield* this.replica.streamQuery<R>(query, chunkSize);
      return;
    }
    yield await this.primary.executeQuery<R>(query);
  }
}

class FallbackDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly primary: Db,
    private readonly onFailure: OnReplicaFailure,
    private readonly replicaDown: () => boolean,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // Once the replica is known to be down, the rest of a question started on it goes straight to
    // the primary instead of waiting for each read's connection attempt to fail.
    if (this.replicaDown()) return new FallbackConnection(undefined, this.primary, this.onFailure);
    try {
      return new FallbackConnection(await this.inner.acquireConnection(), this.primary, this.onFailure);
    } catch (e) {
      const why = replicaFailure(e);
      if (!why) throw e;
      this.onFailure(why, e as Error);
      return new FallbackConnection(undefined, this.primary, this.onFailure);
    }
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = replicaOf(c);
    await this.inner.beginTransaction(conn, settings);
    (c as FallbackConnection).markTransaction(true);
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    (c as FallbackConnection).markTransaction(false);
    await this.inner.commitTransaction(replicaOf(c));
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    (c as FallbackConnection).markTransaction(false);
    await this.inner.rollbackTransaction(replicaOf(c));
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const replica = (c as FallbackConnection).replica;
    if (replica) await this.inner.releaseConnection(replica);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function replicaOf(c: DatabaseConnection): DatabaseConnection {
  const replica = (c as FallbackConnection).replica;
  // Answers' reads take no transactions; one begun while the replica is down has nowhere to run.
  if (!replica) throw new Error('the read replica does not answer, and a transaction cannot move to the primary halfway');
  return replica;
}

/**
 * A Kysely on the replica's pool whose every read that the replica fails to answer (down, shutting
 * down, or cancelled by replay) runs again on the primary, so a replica going away mid-question
 * never fails the question. Meant for reads only; writes belong on the primary's Kysely.
 */
export function fallbackDb(replicaPool: pg.Pool, primary: Db, onFailure: OnReplicaFailure, replicaDown: () => boolean = () => false): Db {
  const inner = new PostgresDialect({ pool: replicaPool });
  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new FallbackDriver(inner.createDriver(), primary, onFailure, replicaDown),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
  return new Kysely<Database>({ dialect });
}
