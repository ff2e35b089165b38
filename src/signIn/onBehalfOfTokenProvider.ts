import { createHash } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { msalConfiguration, type AppTokenProviderOptions } from '../auth/appTokenProvider';
import { toTokenAcquisitionError } from '../auth/entraErrors';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { DEFAULTS } from '../config/defaults';

/** The Partner Center API's delegated scope ("Access Partner Center API") of a cloud's resource. */
function partnerCenterUserScope(resource: string): string {
  return `${resource}/user_impersonation`;
}

/** The public cloud's (and the US Government cloud's) delegated scope. */
export const PARTNER_CENTER_USER_SCOPE = partnerCenterUserScope(DEFAULTS.partnerCenterResource);

/**
 * Partner Center tokens on the user's behalf (PARTNER_CENTER_AUTH=user): the user's token from the
 * bot's OAuth connection (the Teams SSO token, audience api://botid-<app id>) is exchanged with the
 * on-behalf-of grant for a Partner Center token, so Partner Center's own roles decide what the
 * person may see.
 *
 * One process-wide MSAL ConfidentialClientApplication: MSAL caches each result under a hash of the
 * incoming token, so repeat lookups by the same user make one request to Entra ID per token
 * lifetime, not one per message. MSAL does not merge concurrent cache misses, so calls for the same
 * user token that arrive while its exchange is in flight share it.
 */
export class OnBehalfOfTokenProvider {
  private readonly msal: ConfidentialClientApplication;
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly scope: string;

  constructor(options: AppTokenProviderOptions) {
    this.msal = new ConfidentialClientApplication(msalConfiguration(options));
    this.scope = partnerCenterUserScope(options.resource ?? DEFAULTS.partnerCenterResource);
  }

  /** The token provider for one signed-in user. The user token is never logged or stored by the bot. */
  forUser(userToken: string): PartnerCenterTokenProvider {
    return { getToken: () => this.tokenFor(userToken) };
  }

  private tokenFor(userToken: string): Promise<string> {
    const key = createHash('sha256').update(userToken).digest('base64url');
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.exchange(userToken).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async exchange(userToken: string): Promise<string> {
    let result;
    try {
      result = await this.msal.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [this.scope] });
    } catch (error) {
      throw toTokenAcquisitionError(error);
    }
    if (!result?.accessToken) throw new TokenAcquisitionError('unknown', 'Entra ID returned no access token');
    return result.accessToken;
  }
}
