import { loadPrincipal } from '../access/principal.ts';
import type { App } from '../app.ts';
import { now } from '../clock.ts';
import { fail, ok, type Result } from '../errors.ts';
import { consoleIdentity, resolveUser } from '../identity/resolve-user.ts';
import { dayIn } from '../metrics/calendar.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { programMetrics } from '../program/metrics.ts';
import type { Reply } from '../reply/types.ts';
import { buildDigest, type DigestData } from './build-digest.ts';
import { digestReply } from './digest-reply.ts';
import { describeSchedule, nextSlot } from './schedule.ts';
import { subscriptionStore } from './subscriptions.ts';

export interface DigestPreview {
  /** "Mondays at 08:00 (America/New_York)", or null when not subscribed. */
  schedule: string | null;
  /** ISO instant of the next send, or null when not subscribed. */
  nextSendAt: string | null;
  digest: DigestData;
  reply: Reply;
}

/** The digest a user would get next, built now and sent nowhere. */
export async function previewDigest(app: App, email: string, at: Date = now()): Promise<Result<DigestPreview>> {
  const userId = await resolveUser(app.db, consoleIdentity(email));
  if (!userId.ok) return fail(userId.error.code, userId.error.message);
  const principal = await loadPrincipal(app.db, userId.value);
  if (!principal.ok) return fail(principal.error.code, principal.error.message);
  const sub = await subscriptionStore(app.db).get(userId.value);
  const live = sub?.enabled ? sub : undefined;
  const digest = await buildDigest(createPartnerData(app.db, principal.value, dayIn(at, principal.value.timeZone), programMetrics(app.program)), app.program, principal.value);
  return ok({
    schedule: live ? describeSchedule(live.schedule, live.timeZone) : null,
    nextSendAt: live ? (nextSlot(live.schedule, live.timeZone, at)?.at.toISOString() ?? null) : null,
    digest,
    reply: digestReply(digest),
  });
}
