import type { Config } from '../../src/config.ts';
import { fail, ok, type Result } from '../../src/errors.ts';

export type TeamsConfig = Pick<
  Config,
  'NODE_ENV' | 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID' | 'MICROSOFT_APP_TYPE'
>;

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
const APP_TYPES: readonly AppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

export interface TeamsSettings {
  /** Empty without an app id: then requests are not authenticated (NODE_ENV=test only). */
  appId: string;
  password?: string;
  tenantId?: string;
  appType: AppType;
  /** True whenever an app id is configured: every request must carry a valid Bot Framework token. */
  authenticated: boolean;
}

/**
 * Whether the environment asks for the Teams adapter: MICROSOFT_APP_ID, or any of the
 * MICROSOFT_APP_* variables (MICROSOFT_APP_TYPE=MultiTenant alone, say), which with NODE_ENV=test
 * starts it without authentication and anywhere else stops start-up naming what is missing.
 */
export const teamsConfigured = (c: TeamsConfig): boolean =>
  Boolean(c.MICROSOFT_APP_ID || c.MICROSOFT_APP_PASSWORD || c.MICROSOFT_APP_TENANT_ID || c.MICROSOFT_APP_TYPE);

/** The adapter's settings, or one line naming the variable to fix. */
export function teamsSettings(c: TeamsConfig): Result<TeamsSettings> {
  const appId = c.MICROSOFT_APP_ID?.trim() ?? '';
  const password = c.MICROSOFT_APP_PASSWORD?.trim() || undefined;
  const tenantId = c.MICROSOFT_APP_TENANT_ID?.trim() || undefined;
  const rawType = c.MICROSOFT_APP_TYPE?.trim();
  const appType = rawType ? APP_TYPES.find((t) => t.toLowerCase() === rawType.toLowerCase()) : 'MultiTenant';
  if (!appType) return fail('config', `MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI, got "${rawType ?? ''}"`);

  const msi = appType === 'UserAssignedMSI';
  if (c.NODE_ENV === 'production' && (!appId || (!password && !msi))) {
    return fail(
      'config',
      'Teams: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD must be set when NODE_ENV=production; without them requests could not be verified',
    );
  }
  if (!appId) {
    if (password) return fail('config', 'MICROSOFT_APP_PASSWORD is set but MICROSOFT_APP_ID is not: set both from the Azure Bot registration');
    // Without an app id nobody's token is checked, so anyone who can reach /api/messages could
    // claim to be any Teams user: only a test configuration may run that way.
    if (c.NODE_ENV !== 'test') {
      return fail('config', 'Teams: MICROSOFT_APP_ID is not set: copy the Microsoft App ID of the Azure Bot (only NODE_ENV=test runs without one)');
    }
    return ok({ appId: '', appType, authenticated: false, tenantId });
  }
  if (msi && password) return fail('config', 'MICROSOFT_APP_PASSWORD must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI');
  if (!msi && !password) return fail('config', 'MICROSOFT_APP_PASSWORD is not set: create a client secret for the bot’s app registration');
  if (appType !== 'MultiTenant' && !tenantId) return fail('config', `MICROSOFT_APP_TENANT_ID is required with MICROSOFT_APP_TYPE=${appType}`);
  return ok({ appId, password, tenantId, appType, authenticated: true });
}
