// A sender process for the SIGKILL test: claims the outbox once and sends through the loopback
// fake platform; the test kills it while the platform holds the accepted message's answer.
import { createDb } from '../../db/connect.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import { httpSender } from './http-sender.ts';

const [url, platformUrl, leaseMs] = process.argv.slice(2);
if (!url || !platformUrl || !leaseMs) throw new Error('usage: worker-child.ts DATABASE_URL PLATFORM_URL LEASE_MS');
const { db } = createDb(url, 2);
const worker = createOutboxWorker(db, [httpSender(platformUrl)], { leaseMs: Number(leaseMs), sendTimeoutMs: 60_000, batchSize: 1 });
process.stdout.write('ready\n');
await worker.runOnce();
await db.destroy();
