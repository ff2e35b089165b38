import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './waitFor';

/** One reply the bot sent to the Bot Connector stand-in. */
export interface CapturedReply {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly activity: Record<string, unknown> & {
    attachments?: Array<{ contentType: string; content: unknown }>;
    text?: string;
    entities?: Array<Record<string, unknown>>;
  };
  /** `Date.now()` when it arrived (the fake clock's time under sinon's fake timers). */
  readonly receivedAt: number;
  /** What the stand-in answered: its status and the id it gave (a stream's id for a 201). */
  answer?: { readonly status: number; readonly id: string };
}

/**
 * A stand-in for the Bot Connector service: the bot POSTs its replies to
 * `{serviceUrl}/v3/conversations/{id}/activities/{replyToId}`; this records them and answers 200.
 * As Teams does, the first informative update of a stream (a `typing` activity with a `streaminfo`
 * entity and no stream id yet) is answered 201 with the new stream's id (`stream-<n>`).
 * Listens on 127.0.0.1 only.
 */
export class BotConnectorStandIn {
  readonly replies: CapturedReply[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  /** Posts refused so far (see `refuse`), not counted as replies. */
  readonly refused: CapturedReply[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private nextId = 0;
  private readonly refusing = new Map<string, number>();

  /**
   * From now on, posts to this conversation get `status` (403: the bot was removed from the team;
   * 404: the chat is gone), as Teams answers then.
   */
  refuse(conversationId: string, status: 403 | 404): void {
    this.refusing.set(`/v3/conversations/${encodeURIComponent(conversationId)}/`, status);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` replies have arrived in total; rejects after `timeoutMs`. */
  waitForReplies(count: number, timeoutMs = 10000): Promise<CapturedReply[]> {
    if (this.replies.length >= count) return Promise.resolve(this.replies.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} replies, got ${this.replies.length} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.replies.slice(0, count));
        },
      });
    });
  }

  /** The first reply to the activity `activityId` (one with an Adaptive Card, if `withCard`), once it is here. */
  waitForReplyTo(
    activityId: string,
    options: { readonly withCard?: boolean; readonly timeoutMs?: number } = {},
  ): Promise<CapturedReply> {
    const matches = (reply: CapturedReply) =>
      reply.activity.replyToId === activityId && (!options.withCard || cardOf(reply) !== undefined);
    return waitFor(() => this.replies.find(matches), {
      timeoutMs: options.timeoutMs ?? 10000,
      what: `a reply${options.withCard ? ' with a card' : ''} to ${activityId}`,
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply: CapturedReply = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        activity: body ? (JSON.parse(body) as CapturedReply['activity']) : {},
        receivedAt: Date.now(),
      };
      const refusal = [...this.refusing].find(([prefix]) => reply.path.startsWith(prefix))?.[1];
      if (refusal !== undefined) {
        this.refused.push(reply);
        res.writeHead(refusal, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: refusal === 403 ? 'BotNotInConversationRoster' : 'ConversationNotFound' } }),
        );
        return;
      }
      this.replies.push(reply);
      const startsStream =
        streamInfoOf(reply)?.streamType === 'informative' && streamInfoOf(reply)?.streamId === undefined;
      reply.answer = { status: startsStream ? 201 : 200, id: `${startsStream ? 'stream' : 'reply'}-${++this.nextId}` };
      res.writeHead(reply.answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: reply.answer.id }));
      this.waiters = this.waiters.filter((w) => {
        if (this.replies.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
  }
}

/** The `streaminfo` entity of a reply (Teams' streaming protocol), or undefined. */
export function streamInfoOf(reply: CapturedReply): Record<string, unknown> | undefined {
  return reply.activity.entities?.find((entity) => entity.type === 'streaminfo');
}

/** The Adaptive Card content of a reply, or undefined. */
export function cardOf(reply: CapturedReply): Record<string, unknown> | undefined {
  const attachment = reply.activity.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment?.content as Record<string, unknown> | undefined;
}

/** All text in a card (TextBlock texts, FactSet facts, action titles), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value', 'altText'].includes(key)) parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}
