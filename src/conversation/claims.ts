import { AuthenticationConstants, type ClaimsIdentity } from 'botframework-connector';

/** The bot's app id for a turn, read from its claims as botbuilder's connector and token clients read it. */
export function appIdOf(claims: ClaimsIdentity): string {
  return (
    claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}
