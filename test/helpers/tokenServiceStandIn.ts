import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Framework token service (the `OAuthUrl` botbuilder calls for an Azure Bot
 * OAuth connection), as far as the bot uses it:
 *
 *   GET    /api/usertoken/GetToken?userId&connectionName&channelId[&code]  → 200 TokenResponse | 404
 *   POST   /api/usertoken/exchange?userId&connectionName&channelId {token} → 200 TokenResponse | 400
 *   DELETE /api/usertoken/SignOut?userId&connectionName&channelId          → 200
 *   GET    /api/botsignin/GetSignInResource?state=…                        → 200 SignInUrlResponse
 *
 * Every call must carry the bot's own bearer token (from the login stand-in); others get 401.
 * A test plays both Teams and the user: it registers which SSO token belongs to which user
 * (`ssoTokenFor`), or "signs in on the sign-in page" (`completeSignInPage`), which stores the
 * user's token and hands back the 6-digit magic code the page would show.
 */
export interface TokenServiceCall {
  readonly method: string;
  readonly operation: 'GetToken' | 'exchange' | 'SignOut' | 'GetSignInResource' | 'other';
  readonly userId?: string;
  readonly channelId?: string;
  readonly connectionName?: string;
  readonly withCode: boolean;
  readonly status: number;
}

interface StoredToken {
  readonly token: string;
  readonly channelId: string;
}

export class TokenServiceStandIn {
  readonly calls: TokenServiceCall[] = [];
  /** Tokens the service holds, by `${userId}|${connectionName}`. */
  private readonly tokens = new Map<string, StoredToken>();
  /** SSO token (what Teams sends in signin/tokenExchange) → the user it belongs to and the token to store. */
  private readonly ssoTokens = new Map<string, { userId: string; userToken: string }>();
  /** Magic codes waiting to be redeemed: code → user and token. */
  private readonly codes = new Map<string, { userId: string; userToken: string }>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor(
    private readonly options: {
      readonly connectionName: string;
      /** The bearer token every call must carry (the bot's token from the login stand-in). */
      readonly botToken: string;
      /** For the OAuth card's token-exchange resource (api://botid-<app id>). */
      readonly appId: string;
    },
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Teams' SSO token for `userId`; the exchange stores `userToken` as that user's connection token. */
  ssoTokenFor(userId: string, userToken: string): string {
    const ssoToken = `teams-sso-${randomUUID()}`;
    this.ssoTokens.set(ssoToken, { userId, userToken });
    return ssoToken;
  }

  /** The user finished the sign-in page: the code they are shown redeems `userToken`. */
  completeSignInPage(userId: string, userToken: string): string {
    const code = String(100000 + Math.floor(Math.random() * 900000));
    this.codes.set(code, { userId, userToken });
    return code;
  }

  /** The user signed in elsewhere (e.g. the Emulator's own sign-in): the service now has the token. */
  storeToken(userId: string, userToken: string, channelId: string): void {
    this.tokens.set(`${userId}|${this.options.connectionName}`, { token: userToken, channelId });
  }

  /** The user's sign-in lapsed (or they signed out elsewhere): the service holds no token for them any more. */
  forgetToken(userId: string): void {
    this.tokens.delete(`${userId}|${this.options.connectionName}`);
  }

  hasToken(userId: string): boolean {
    return this.tokens.has(`${userId}|${this.options.connectionName}`);
  }

  count(operation: TokenServiceCall['operation']): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.route(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const q = (name: string) => url.searchParams.get(name) ?? undefined;
    const operation: TokenServiceCall['operation'] = url.pathname.endsWith('/usertoken/GetToken')
      ? 'GetToken'
      : url.pathname.endsWith('/usertoken/exchange')
        ? 'exchange'
        : url.pathname.endsWith('/usertoken/SignOut')
          ? 'SignOut'
          : url.pathname.endsWith('/botsignin/GetSignInResource')
            ? 'GetSignInResource'
            : 'other';
    const record = (status: number) =>
      this.calls.push({
        method: req.method ?? '',
        operation,
        userId: q('userId'),
        channelId: q('channelId'),
        connectionName: q('connectionName'),
        withCode: q('code') !== undefined,
        status,
      });
    const send = (status: number, payload?: unknown) => {
      record(status);
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };

    if (req.headers.authorization !== `Bearer ${this.options.botToken}`)
      return send(401, { error: { code: 'Unauthorized' } });
    const userId = q('userId') ?? '';
    const connectionName = q('connectionName') ?? this.options.connectionName;
    const key = `${userId}|${connectionName}`;
    const tokenResponse = (token: string, channelId: string) => ({
      channelId,
      connectionName,
      token,
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    });

    switch (operation) {
      case 'GetToken': {
        const code = q('code');
        if (code !== undefined) {
          const pending = this.codes.get(code);
          if (!pending || pending.userId !== userId) return send(404);
          this.codes.delete(code);
          this.tokens.set(key, { token: pending.userToken, channelId: q('channelId') ?? '' });
        }
        const stored = this.tokens.get(key);
        return stored ? send(200, tokenResponse(stored.token, stored.channelId)) : send(404);
      }
      case 'exchange': {
        let exchangeToken: string | undefined;
        try {
          exchangeToken = (JSON.parse(body) as { token?: string }).token;
        } catch {
          exchangeToken = undefined;
        }
        const sso = exchangeToken === undefined ? undefined : this.ssoTokens.get(exchangeToken);
        if (!sso || sso.userId !== userId) {
          return send(400, { error: { code: 'ServiceError', message: 'Token exchange failed' } });
        }
        this.tokens.set(key, { token: sso.userToken, channelId: q('channelId') ?? '' });
        return send(200, tokenResponse(sso.userToken, q('channelId') ?? ''));
      }
      case 'SignOut':
        this.tokens.delete(key);
        return send(200, {});
      case 'GetSignInResource':
        return send(200, {
          signInLink: `${this.url}/api/oauth/signin?signin=${randomUUID()}`,
          tokenExchangeResource: {
            id: randomUUID(),
            uri: `api://botid-${this.options.appId}`,
            providerId: randomUUID(),
          },
          tokenPostResource: { sasUrl: `${this.url}/api/sas/${randomUUID()}` },
        });
      default:
        return send(404);
    }
  }
}
