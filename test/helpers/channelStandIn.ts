import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/**
 * A stand-in for the Bot Framework channel's token signing side, as far as botbuilder 4.23's
 * inbound validation uses it:
 *
 *   GET /v1/.well-known/openidconfiguration   → { issuer, jwks_uri, … }
 *   GET /v1/.well-known/keys                  → { keys: [ { kid, n, e, endorsements } ] }
 *
 * Plain HTTP on 127.0.0.1 (botbuilder fetches the metadata with node-fetch and accepts http URLs),
 * with RSA keys generated at start. It signs tokens the way the channel does (RS256, `iss`
 * https://api.botframework.com, `aud` = bot app id, `serviceurl`), and on request broken ones:
 * forged, expired, wrong audience or issuer, unendorsed key, `alg: none`.
 */

const CHANNEL_ISSUER = 'https://api.botframework.com';

/** Which key signs a token. Only `channel` and `webchatOnly` are published in the JWKS. */
export type SigningKey =
  /** Published, endorsed for `msteams` and `emulator`: what the real channel uses. */
  | 'channel'
  /** Published, endorsed only for `webchat`. */
  | 'webchatOnly'
  /** NOT published, but claims the `channel` key's kid: a forged signature. */
  | 'forgedSameKid'
  /** NOT published, with a kid the JWKS does not list. */
  | 'forgedUnknownKid';

export interface TokenOptions {
  /** Default: the app id the stand-in was started with. */
  readonly audience?: string;
  /** Default: https://api.botframework.com. */
  readonly issuer?: string;
  /** The activity's serviceUrl; botbuilder compares it with the `serviceurl` claim. */
  readonly serviceUrl: string;
  readonly key?: SigningKey;
  /** Seconds from now; negative = already expired. Default 3600. */
  readonly expiresInSeconds?: number;
}

interface KeyPair {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

function keyPair(kid: string): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class ChannelStandIn {
  /** Paths requested, in order (to show the bot fetched the metadata from here). */
  readonly requests: string[] = [];
  private readonly keys: Record<SigningKey, KeyPair>;
  private readonly endorsements: Partial<Record<SigningKey, readonly string[]>> = {
    channel: ['msteams', 'emulator'],
    webchatOnly: ['webchat'],
  };
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  private constructor(readonly appId: string) {
    const channel = keyPair('channel-key-1');
    this.keys = {
      channel,
      webchatOnly: keyPair('webchat-key-1'),
      forgedSameKid: keyPair(channel.kid),
      forgedUnknownKid: keyPair('forged-key-1'),
    };
  }

  /** Starts on 127.0.0.1 and a free port. `appId` is the bot's MicrosoftAppId (the `aud` of good tokens). */
  static async start(appId: string): Promise<ChannelStandIn> {
    const standIn = new ChannelStandIn(appId);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(0, '127.0.0.1', () => resolve());
    });
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /**
   * Every botbuilder setting that must be set together (once one is set botbuilder uses no
   * defaults). The login URL, OAuth URL and scope point at this stand-in too, so nothing ever
   * leaves the machine; tests use `deliveryMode: expectReplies`, which needs no outbound token.
   */
  botFrameworkSettings(): Record<string, string> {
    return {
      ToChannelFromBotLoginUrl: `${this.url}/botframework.com`,
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      OAuthUrl: `${this.url}/oauth`,
      ToBotFromChannelOpenIdMetadataUrl: this.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.url}/emulator/.well-known/openid-configuration`,
      CallerId: 'urn:botframework:azure',
    };
  }

  /** A signed token (RS256) as the channel would send it, or broken as the options say. */
  token(options: TokenOptions): string {
    const key = this.keys[options.key ?? 'channel'];
    return jwt.sign({ serviceurl: options.serviceUrl }, key.privateKey, {
      algorithm: 'RS256',
      keyid: key.kid,
      issuer: options.issuer ?? CHANNEL_ISSUER,
      audience: options.audience ?? this.appId,
      expiresIn: options.expiresInSeconds ?? 3600,
      notBefore: -60,
    });
  }

  /** An unsigned token (`alg: none`, empty signature) naming the real key's kid, with valid claims. */
  unsignedToken(options: Pick<TokenOptions, 'serviceUrl'>): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'none', typ: 'JWT', kid: this.keys.channel.kid };
    const payload = {
      iss: CHANNEL_ISSUER,
      aud: this.appId,
      serviceurl: options.serviceUrl,
      iat: now,
      nbf: now - 60,
      exp: now + 3600,
    };
    return `${base64url(header)}.${base64url(payload)}.`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.requests.push(path);
    if (
      req.method === 'GET' &&
      (path === '/v1/.well-known/openidconfiguration' || path === '/emulator/.well-known/openid-configuration')
    ) {
      return this.send(res, 200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${this.url}/v1/authorize`,
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      const published: SigningKey[] = ['channel', 'webchatOnly'];
      return this.send(res, 200, {
        keys: published.map((name) => {
          const { kid, publicKey } = this.keys[name];
          const { n, e } = publicKey.export({ format: 'jwk' });
          return { kty: 'RSA', use: 'sig', kid, n, e, endorsements: this.endorsements[name] };
        }),
      });
    }
    this.send(res, 404, { error: 'not found' });
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const payload = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
    res.end(payload);
  }
}
