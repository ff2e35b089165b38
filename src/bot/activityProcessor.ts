import {
  CloudAdapter,
  type Activity,
  type ActivityHandler,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { describeError, type Logger } from '../logger';

/**
 * The seam between the HTTP host and botbuilder: a parsed request body and its Authorization
 * header in, a status and body out. The host never sees a botbuilder type, so swapping restify
 * or moving to the Microsoft 365 Agents SDK changes one side only.
 */
export type ActivityProcessor = (body: Record<string, unknown>, authorization: string) => Promise<ActivityResult>;

export interface ActivityResult {
  readonly status: number;
  readonly body?: unknown;
}

/** CloudAdapter with its turn entry point made public (CloudAdapter.process would tie it to a host). */
class HostNeutralAdapter extends CloudAdapter {
  processRequest(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export function createHostNeutralAdapter(auth: ConstructorParameters<typeof CloudAdapter>[0]): HostNeutralAdapter {
  return new HostNeutralAdapter(auth);
}

export function createActivityProcessor(adapter: HostNeutralAdapter, bot: ActivityHandler, logger: Logger): ActivityProcessor {
  return async (body, authorization) => {
    try {
      const response = await adapter.processRequest(authorization, toActivity(body), (context) => bot.run(context));
      return { status: response?.status ?? 200, body: response?.body };
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode === 401) {
        // botbuilder validated the Bot Framework JWT (issuer, audience, signature, expiry) and refused it.
        logger.warn({ error: describeError(error), channelId: body.channelId }, 'request rejected: no valid Bot Framework token');
        return { status: 401, body: { error: 'Unauthorized' } };
      }
      logger.error({ error: describeError(error) }, 'could not process the activity');
      return { status: 500, body: { error: 'Internal error' } };
    }
  };
}

/** What botbuilder's own host glue does: timestamps arrive as strings and become Dates. */
function toActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}
