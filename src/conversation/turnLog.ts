import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { currentCorrelationId, type Logger } from '../shared/logger';

/**
 * One correlation id per turn, and a pino child logger that writes it on every line. The id is
 * the one the activity processor gave the HTTP request (so the request's own lines, the turn's
 * lines, the audit line, the MS-CorrelationId sent to Partner Center and the id on the card all
 * match); a turn run without it (tests with TestAdapter) gets a new one. Whoever asks first in a
 * turn — the access gate, the bot, onTurnError — creates it; everyone after gets the same.
 */
export interface TurnLog {
  readonly correlationId: string;
  readonly logger: Logger;
}

const TURN_LOG = Symbol('turnLog');

export function turnLog(context: TurnContext, rootLogger: Logger): TurnLog {
  const existing = context.turnState.get<TurnLog | undefined>(TURN_LOG);
  if (existing) return existing;
  const current = currentCorrelationId();
  const correlationId = current ?? randomUUID();
  // Inside the request the logger's mixin already writes this id on every line (shared/logger.ts),
  // so the root logger serves; a child (bindings serialised, redaction set up) only outside one.
  const logger = current === undefined ? rootLogger.child({ correlationId }) : rootLogger;
  const created: TurnLog = { correlationId, logger };
  context.turnState.set(TURN_LOG, created);
  return created;
}
