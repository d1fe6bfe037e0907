import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import type { TeamsSettings } from './settings.ts';
import { installRetryPolicy, type PipelinePolicyLike } from './retry.ts';

// The adapter's authentication: ConfigurationBotFrameworkAuthentication from the settings (it
// validates inbound tokens whenever an app id is set, and signs outbound calls), extended so that
// every connector client it hands out carries our retry policy instead of the SDK's.

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export class PulseBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: TeamsSettings,
    private readonly policy: PipelinePolicyLike,
    private readonly onUnpatched: () => void,
  ) {
    super({
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.password,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.tenantId,
    });
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.withRetry(result.connectorFactory) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.withRetry(super.createConnectorFactory(claimsIdentity));
  }

  private withRetry(inner: ConnectorFactory): ConnectorFactory {
    return {
      create: async (serviceUrl: string, audience?: string) => {
        const client = await inner.create(serviceUrl, audience);
        if (!installRetryPolicy(client, this.policy)) this.onUnpatched();
        return client;
      },
    };
  }
}
