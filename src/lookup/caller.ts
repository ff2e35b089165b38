import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { Logger } from '../shared/logger';

/** Who asks, and the facts every lookup carries to Partner Center and into its audit line. */
export interface Caller {
  /** Ties the turn's log lines, Partner Center's MS-CorrelationId and the card together. */
  readonly correlationId: string;
  /** The turn's logger (it writes the correlation id on every line). */
  readonly logger: Logger;
  /** BCP 47 tag of the reader, sent to Partner Center as X-Locale. */
  readonly locale: string;
  /** Entra object id of the person who asked, for the audit line, when the channel sends it. */
  readonly userObjectId?: string;
  /** PARTNER_CENTER_AUTH=user: the signed-in person's Partner Center tokens. Else the bot's own access. */
  readonly asUser?: PartnerCenterTokenProvider;
}
