import type { Logger } from '../logger';
import type { CallContext, QualificationLookup } from '../partnerCenter/types';

/** What the conversation needs from Partner Center: one lookup. The REST client implements it. */
export interface QualificationSource {
  getQualifications(customerId: string, context: CallContext): Promise<QualificationLookup>;
}

/** Per-turn facts every handler needs. */
export interface TurnInfo {
  readonly correlationId: string;
  /** Writes the correlation id on every line (a pino child logger made for this turn). */
  readonly logger: Logger;
  readonly locale: string;
  /** Entra object id of the person who asked (for the audit log), when the channel sends it. */
  readonly userObjectId?: string;
}
