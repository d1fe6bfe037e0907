import type { Platform } from '../../db/schema.ts';

/** Who is asking, as the chat platform vouches for it. Never taken from message text. */
export interface PlatformIdentity {
  platform: Platform;
  /** Slack team id, Teams tenant id, or 'local' for the terminal. */
  workspaceId: string;
  platformUserId: string;
  /** The email the platform has verified for this user, when it gives one. */
  email?: string;
}
