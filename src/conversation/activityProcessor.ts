import { randomUUID } from 'node:crypto';
import {
  CloudAdapter,
  TurnContext as BotTurnContext,
  type Activity,
  type ActivityHandler,
  type ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { ClaimsIdentity, UserTokenClient } from 'botframework-connector';
import { currentCorrelationId, describeError, withCorrelationId, type Logger } from '../shared/logger';
import { isLoopbackUrl } from '../shared/loopback';
import { appIdOf } from './claims';
import { ReplyClients, type ReplyPolicyOptions } from './replyConnector';

/**
 * The seam between the HTTP host and botbuilder: a parsed request body and its Authorization
 * header in, a status and body out. The host never sees a botbuilder type, so swapping restify
 * or moving to the Microsoft 365 Agents SDK changes one side only.
 */
export type ActivityProcessor = (body: Record<string, unknown>, authorization: string) => Promise<ActivityResult>;

interface ActivityResult {
  readonly status: number;
  readonly body?: unknown;
}

/** The request's Bot Framework token was missing or invalid, or could not be checked. */
export class InboundAuthenticationError extends Error {
  /** 401: the caller's token is not acceptable. 503: the signing keys could not be fetched. */
  readonly status: 401 | 503;

  constructor(readonly reason: unknown) {
    super('inbound authentication failed');
    this.name = 'InboundAuthenticationError';
    this.status = authenticationStatus(reason);
  }
}

/** jsonwebtoken's errors: botbuilder lets them through for a bad signature or `alg: none` (as a 500). */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function authenticationStatus(reason: unknown): 401 | 503 {
  const { name, statusCode } = (typeof reason === 'object' && reason !== null ? reason : {}) as {
    name?: unknown;
    statusCode?: unknown;
  };
  if (typeof name === 'string' && JWT_ERRORS.has(name)) return 401;
  // botbuilder says 500 when it cannot load the OpenID metadata or keys; node-fetch fails with FetchError.
  if ((typeof statusCode === 'number' && statusCode >= 500) || name === 'FetchError') return 503;
  return 401;
}

/**
 * CloudAdapter with its turn entry point made public (CloudAdapter.process would tie it to a
 * host). Authentication runs first and on its own, so that every way a token can fail — including
 * the ones botbuilder reports as a plain jsonwebtoken error — is told apart from a failing turn.
 */
class HostNeutralAdapter extends CloudAdapter {
  private readonly replyClients: ReplyClients;

  constructor(auth: ConstructorParameters<typeof CloudAdapter>[0], replyPolicy: ReplyPolicyOptions) {
    super(auth);
    this.replyClients = new ReplyClients(replyPolicy);
  }

  async processRequest(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    let authentication: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    } catch (error) {
      throw new InboundAuthenticationError(error);
    }
    // Every reply of the turn (sends, updates, typing) goes through the process's hardened clients.
    const { connectorFactory, claimsIdentity } = authentication;
    return this.processActivity(
      {
        ...authentication,
        connectorFactory: connectorFactory && this.replyClients.factoryFor(connectorFactory, appIdOf(claimsIdentity)),
      },
      activity,
      logic,
    );
  }

  /**
   * A proactive turn (continueConversationAsync: the watcher's notices) with the same hardened,
   * shared reply clients as every other turn, and without the middleware: the access gate and
   * single sign-on are about a person's activity, and a proactive turn has none.
   */
  protected override async processProactive(
    claimsIdentity: ClaimsIdentity,
    continuationActivity: Partial<Activity>,
    audience: string | undefined,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const connectorFactory = this.replyClients.factoryFor(
      this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
      appIdOf(claimsIdentity),
    );
    const connector = await connectorFactory.create(continuationActivity.serviceUrl ?? '', audience);
    const context = new BotTurnContext(this, continuationActivity);
    context.turnState.set(this.BotIdentityKey, claimsIdentity);
    context.turnState.set(this.ConnectorClientKey, connector);
    context.turnState.set(this.ConnectorFactoryKey, connectorFactory);
    context.turnState.set(this.OAuthScopeKey, audience);
    await logic(context);
  }

  /** The Bot Framework token service's client for the app, outside any turn (the watcher, user mode). */
  userTokenClient(appId: string): Promise<UserTokenClient> {
    return this.botFrameworkAuthentication.createUserTokenClient(this.createClaimsIdentity(appId));
  }
}

export function createHostNeutralAdapter(
  auth: ConstructorParameters<typeof CloudAdapter>[0],
  replyPolicy: ReplyPolicyOptions = {},
): HostNeutralAdapter {
  return new HostNeutralAdapter(auth, replyPolicy);
}

/**
 * Each request gets a correlation id before anything else happens: every log line written while
 * it is processed carries it (see withCorrelationId), and the turn, the audit line, Partner
 * Center's MS-CorrelationId and the cards use the same id.
 */
export interface ActivityProcessorOptions {
  /**
   * No inbound authentication (MicrosoftAppId empty): the activity's serviceUrl is whatever the
   * sender wrote, so only one on this machine is answered (see refuseRemoteServiceUrl).
   */
  readonly anonymous: boolean;
}

export function createActivityProcessor(
  adapter: HostNeutralAdapter,
  bot: ActivityHandler,
  logger: Logger,
  options: ActivityProcessorOptions,
): ActivityProcessor {
  const turn = bot.run.bind(bot);
  return (body, authorization) =>
    withCorrelationId(randomUUID(), processOne, adapter, turn, logger, options, body, authorization);
}

/**
 * Anonymous mode: replies go to the activity's serviceUrl, and nothing vouches for it (with
 * authentication on, the channel's token names it). Unchecked, a sender could aim the bot's
 * replies, with their content, at any address it can reach. So only loopback ones are answered;
 * anything else gets a 400 before any turn, and the bot opens no connection.
 */
function refuseRemoteServiceUrl(body: Record<string, unknown>, logger: Logger): ActivityResult | undefined {
  if (isLoopbackUrl(String(body.serviceUrl))) return undefined;
  logger.warn(
    {
      status: 400,
      serviceUrl: capped(body.serviceUrl),
      channelId: capped(body.channelId),
      activityType: capped(body.type),
    },
    'request rejected: without MicrosoftAppId only activities whose serviceUrl is on this machine are answered',
  );
  return {
    status: 400,
    body: {
      error:
        'this bot runs without authentication (MicrosoftAppId is empty), so it answers only activities whose ' +
        'serviceUrl is on this machine (127.0.0.1, ::1 or localhost); set MicrosoftAppId to take traffic from the ' +
        'Bot Framework',
      correlationId: currentCorrelationId(),
    },
  };
}

async function processOne(
  adapter: HostNeutralAdapter,
  turn: (context: TurnContext) => Promise<void>,
  logger: Logger,
  options: ActivityProcessorOptions,
  body: Record<string, unknown>,
  authorization: string,
): Promise<ActivityResult> {
  if (options.anonymous) {
    const refused = refuseRemoteServiceUrl(body, logger);
    if (refused) return refused;
  }
  try {
    const response = await adapter.processRequest(authorization, toActivity(body), turn);
    return { status: response?.status ?? 200, body: response?.body };
  } catch (error) {
    if (error instanceof InboundAuthenticationError) {
      // Unauthenticated input: only short, capped fields of it are logged.
      const fields = {
        error: describeError(error.reason),
        channelId: capped(body.channelId),
        activityType: capped(body.type),
      };
      if (error.status === 503) {
        logger.error(
          fields,
          'request refused: the Bot Framework signing keys could not be loaded, so the token could not be checked',
        );
        return { status: 503, body: { error: 'Service unavailable' } };
      }
      // botbuilder checked the Bot Framework JWT (signature, key endorsement, issuer, audience,
      // expiry, serviceurl) and refused it. No turn ran: no reply, no Partner Center call.
      logger.warn(fields, 'request rejected: no valid Bot Framework token');
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    logger.error({ error: describeError(error) }, 'could not process the activity');
    return { status: 500, body: { error: 'Internal error' } };
  }
}

function capped(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 100) : undefined;
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
