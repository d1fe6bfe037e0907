import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { AuthenticationConstants as C } from 'botframework-connector';
import type { TeamsSettings } from './settings.ts';
import { installRetryPolicy, type PipelinePolicyLike } from './retry.ts';

// The adapter's authentication: ConfigurationBotFrameworkAuthentication from the settings (it
// validates inbound tokens whenever an app id is set, and signs outbound calls), extended so that
// every connector client it hands out carries our retry policy instead of the SDK's.

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * The public cloud's endpoints with another place for the inbound signing keys. Setting any one of
 * them makes the SDK take all of them as given (the rest would be empty), so all are named.
 */
function publicCloudWith(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: C.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: C.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: C.ToBotFromChannelTokenIssuer,
    OAuthUrl: C.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: C.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export class PulseBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  /**
   * `openIdMetadataUrl`: where the Bot Framework publishes the keys that sign inbound tokens; the
   * SDK's own (login.botframework.com) unless given (the tests point it at the fake connector).
   */
  constructor(
    settings: TeamsSettings,
    private readonly policy: PipelinePolicyLike,
    private readonly onUnpatched: () => void,
    openIdMetadataUrl?: string,
  ) {
    super({
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.password,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.tenantId,
      ...(openIdMetadataUrl ? publicCloudWith(openIdMetadataUrl) : {}),
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
