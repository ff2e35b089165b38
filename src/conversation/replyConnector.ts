import { defaultRetryPolicy, redirectPolicyName, type Pipeline, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { DEFAULTS } from '../config/defaults';
import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import { currentRequestContext } from '../shared/requestContext';
import { streamInfoPolicy } from './streamInfoWire';

/**
 * How the bot's replies travel (every send, update, delete and typing indicator goes through the
 * ConnectorClient botbuilder creates for the turn). botframework-connector 4.23 builds that client
 * on @azure/core-client, whose default pipeline follows redirects (up to 20; a 303 turns the POST
 * into a GET), retries 5xx and network errors three times with exponential back-off up to 64 s,
 * and has no time-out at all. A reply target that answers 500 got eight POSTs per message (four
 * for the reply, four for the error reply after it), one that never answered held the turn and its
 * socket until shutdown. Here, for every client the turn uses:
 *
 * - no redirect is followed (a 3xx is a failed reply);
 * - at most `maxAttempts` attempts (core-rest-pipeline's own retry policy: 429 with Retry-After,
 *   5xx and network errors), all of them within `timeoutMs` (then the request is aborted);
 * - once a reply has failed for a reason other than a 4xx answer (no answer, 5xx, 3xx, network),
 *   every later outbound call of the same turn fails at once: a hung or broken reply target ends
 *   the turn instead of being tried again for the next message, the progress card or the error
 *   reply. (A 4xx is about that one call, e.g. updating a message that was deleted.) The turn is
 *   the request being processed (shared/requestContext.ts); outside one, each call stands alone;
 * - a stream message's `streaminfo` entity keeps its fields (streamInfoWire.ts).
 *
 * botbuilder makes a new ConnectorClient (an HTTP pipeline of a dozen policies, its credentials
 * and user agent) for every turn. Nothing in one is about a turn, so ReplyClients keeps one
 * hardened client per app, service URL and audience for the whole process (Teams has a few
 * service URLs per region), and every turn to the same place reuses it.
 *
 * The pipeline sits in a private field of the client (`client.pipeline`); botbuilder is pinned to
 * ~4.23, and a version that moves it fails every turn loudly (and the tests), never silently.
 */
export interface ReplyPolicyOptions {
  /** Whole time of one outbound call, attempts and waits included. Default: DEFAULTS.replyTimeoutMs. */
  readonly timeoutMs?: number;
  /** Attempts per outbound call, the first included. Default 2. */
  readonly maxAttempts?: number;
  /** Back-off before a retry: about this long, never more than 4× it. Default 250 ms. */
  readonly retryDelayMs?: number;
}

/** A reply (or update, or typing indicator) could not be delivered to the activity's serviceUrl. */
export class ReplyDeliveryError extends Error {
  /** The HTTP status the reply target answered, when it answered. */
  readonly statusCode?: number;

  constructor(message: string, options: { cause?: unknown; statusCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReplyDeliveryError';
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

export function isReplyDeliveryError(error: unknown): error is ReplyDeliveryError {
  return error instanceof ReplyDeliveryError;
}

/** The policy names in botframework-connector 4.23's pipeline that are replaced. */
const DEFAULT_RETRY_POLICY_NAME = 'defaultRetryPolicy';
/** Ours goes right after the request is signed (the bot's own token is not the reply target's time). */
const SIGN_REQUEST_POLICY_NAME = 'ServiceClientContext_Credentials_SignRequest';
const DEADLINE_POLICY_NAME = 'replyDeadline';

/** More reply targets than this, and the least recently used one's client is made again when needed. */
const MAX_SHARED_CLIENTS = 100;

/** The process's hardened ConnectorClients, one per app, service URL and audience (see the module comment). */
export class ReplyClients {
  private readonly clients = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_SHARED_CLIENTS });

  constructor(private readonly options: ReplyPolicyOptions = {}) {}

  /** The connector factory for one request of `appId`: `inner` (botbuilder's for it) makes a client the first time. */
  factoryFor(inner: ConnectorFactory, appId: string): ConnectorFactory {
    return new SharedConnectorFactory(this, inner, appId);
  }

  client(inner: ConnectorFactory, appId: string, serviceUrl: string, audience: string | undefined) {
    const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      const made = inner.create(serviceUrl, audience).then((created) => {
        hardenConnectorClient(created, this.options);
        return created;
      });
      // A client that could not be made (e.g. no credentials yet) is not kept: the next turn tries again.
      made.catch(() => {
        if (this.clients.get(key) === made) this.clients.delete(key);
      });
      this.clients.set(key, made);
      client = made;
    }
    return client;
  }
}

class SharedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly clients: ReplyClients,
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.client(this.inner, this.appId, serviceUrl, audience);
  }
}

/** Applies the reply policy to one client's pipeline (see the module comment). */
function hardenConnectorClient(client: ConnectorClient, options: ReplyPolicyOptions = {}): void {
  const pipeline = pipelineOf(client);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.replyTimeoutMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.replyAttempts);
  const retryDelayMs = options.retryDelayMs ?? 250;
  const removed = [
    ...pipeline.removePolicy({ name: redirectPolicyName }),
    ...pipeline.removePolicy({ name: DEFAULT_RETRY_POLICY_NAME }),
  ];
  if (removed.length !== 2) {
    throw new Error(
      'botframework-connector changed its HTTP pipeline: the redirect and retry policies this bot replaces were not ' +
        'found (see src/conversation/replyConnector.ts)',
    );
  }
  pipeline.addPolicy(
    defaultRetryPolicy({
      maxRetries: maxAttempts - 1,
      retryDelayInMs: retryDelayMs,
      maxRetryDelayInMs: retryDelayMs * 4,
    }),
    { phase: 'Retry' },
  );
  pipeline.addPolicy(deadlinePolicy(timeoutMs), { afterPolicies: [SIGN_REQUEST_POLICY_NAME] });
  pipeline.addPolicy(streamInfoPolicy());
}

function pipelineOf(client: ConnectorClient): Pipeline {
  const pipeline = (client as unknown as { client?: { pipeline?: Partial<Pipeline> } }).client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function' || typeof pipeline.addPolicy !== 'function') {
    throw new Error(
      'botframework-connector changed: its ConnectorClient has no HTTP pipeline where this bot expects one (see ' +
        'src/conversation/replyConnector.ts)',
    );
  }
  return pipeline as Pipeline;
}

/** Time-out for the whole call, and the turn's "a reply target has failed" memory (in its request context). */
function deadlinePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: DEADLINE_POLICY_NAME,
    async sendRequest(request, next) {
      const turn = currentRequestContext();
      if (turn?.replyFailure !== undefined) {
        throw new ReplyDeliveryError(`not sent: an earlier reply of this turn failed (${turn.replyFailure})`);
      }
      const deadline = AbortSignal.timeout(timeoutMs);
      request.abortSignal = request.abortSignal
        ? AbortSignal.any([request.abortSignal as AbortSignal, deadline])
        : deadline;
      try {
        return await next(request);
      } catch (error) {
        const statusCode = statusOf(error);
        const reason = deadline.aborted
          ? `no answer within ${timeoutMs} ms`
          : statusCode !== undefined
            ? `HTTP ${statusCode}`
            : errorName(error);
        if (turn && (statusCode === undefined || statusCode < 400 || statusCode >= 500 || statusCode === 429)) {
          turn.replyFailure = reason;
        }
        throw new ReplyDeliveryError(`the reply could not be delivered: ${reason}`, { cause: error, statusCode });
      }
    },
  };
}

function statusOf(error: unknown): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** A short name for a failed reply: the network error code (ECONNREFUSED, …) or the error's name. */
function errorName(error: unknown): string {
  const { code, name } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
  };
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return typeof name === 'string' ? name : 'error';
}
