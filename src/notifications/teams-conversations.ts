import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

// Where the Teams adapter keeps each person's personal-chat reference, so digests and alerts can
// reach them later. The adapter sees only this port: it never imports db/, and this side never
// sees a Bot Framework type (the reference is stored as the opaque JSON object it is).

/** A Teams person: the tenant and their Entra ID (AAD) object id. */
export interface TeamsPerson {
  tenantId: string;
  aadObjectId: string;
}

export type ConversationReferenceJson = Record<string, unknown>;

export interface TeamsConversationStore {
  /** Whether this person is already linked to a Partner Pulse user (then their email is not needed). */
  isLinked(person: TeamsPerson): Promise<boolean>;
  /** Stores (or replaces) the person's personal-chat reference, with their user id when linked. */
  save(person: TeamsPerson, reference: ConversationReferenceJson): Promise<void>;
  forPerson(person: TeamsPerson): Promise<ConversationReferenceJson | undefined>;
  /** The most recent personal chat of any Teams identity linked to this user. */
  forUser(userId: number): Promise<ConversationReferenceJson | undefined>;
  /** Records the activity id Teams gave a proactive message sent under this idempotency key. */
  rememberSent(idempotencyKey: string, activityId: string): Promise<void>;
  /** The activity id recorded for this key, if a send under it completed. */
  sentActivity(idempotencyKey: string): Promise<string | undefined>;
}

const isObject = (v: unknown): v is ConversationReferenceJson => typeof v === 'object' && v !== null && !Array.isArray(v);

export function teamsConversationStore(db: Db): TeamsConversationStore {
  const linkedUser = (p: TeamsPerson) =>
    db
      .selectFrom('chat_identities')
      .select('user_id')
      .where('platform', '=', 'teams')
      .where('workspace_id', '=', p.tenantId)
      .where('platform_user_id', '=', p.aadObjectId);

  return {
    isLinked: async (p) => (await linkedUser(p).executeTakeFirst()) !== undefined,

    save: async (p, reference) => {
      await db
        .insertInto('teams_conversations')
        .values({
          tenant_id: p.tenantId,
          aad_object_id: p.aadObjectId,
          user_id: sql<number | null>`(${linkedUser(p)})`,
          reference: JSON.stringify(reference),
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'aad_object_id']).doUpdateSet((eb) => ({
            reference: eb.ref('excluded.reference'),
            // A link that appeared since the last save fills the id; one that went away keeps the old.
            user_id: sql<number | null>`coalesce(excluded.user_id, teams_conversations.user_id)`,
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
    },

    rememberSent: async (key, activityId) => {
      await db
        .insertInto('teams_sent_messages')
        .values({ idempotency_key: key, activity_id: activityId })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
    },

    sentActivity: async (key) =>
      (await db.selectFrom('teams_sent_messages').select('activity_id').where('idempotency_key', '=', key).executeTakeFirst())?.activity_id,

    forPerson: async (p) => {
      const row = await db
        .selectFrom('teams_conversations')
        .select('reference')
        .where('tenant_id', '=', p.tenantId)
        .where('aad_object_id', '=', p.aadObjectId)
        .executeTakeFirst();
      return isObject(row?.reference) ? row.reference : undefined;
    },

    forUser: async (userId) => {
      // Either the id stored with the reference, or a link made after it was stored.
      const row = await db
        .selectFrom('teams_conversations as tc')
        .select('tc.reference')
        .where((eb) =>
          eb.or([
            eb('tc.user_id', '=', userId),
            eb.exists(
              eb
                .selectFrom('chat_identities as ci')
                .select('ci.id')
                .where('ci.platform', '=', 'teams')
                .where('ci.user_id', '=', userId)
                .whereRef('ci.workspace_id', '=', 'tc.tenant_id')
                .whereRef('ci.platform_user_id', '=', 'tc.aad_object_id'),
            ),
          ]),
        )
        .orderBy('tc.updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return isObject(row?.reference) ? row.reference : undefined;
    },
  };
}
