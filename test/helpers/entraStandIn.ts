import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A stand-in for Microsoft Entra ID's v2 endpoints, as far as @azure/msal-node uses them with
 * `knownAuthorities: ['127.0.0.1:PORT']`:
 *
 *   GET  /<tenant>/v2.0/.well-known/openid-configuration
 *   POST /<tenant>/oauth2/v2.0/token?client-request-id=…
 *
 * HTTPS only (MSAL refuses http authorities), on 127.0.0.1 and a free port, with a self-signed
 * certificate made at start. A child process trusts it through `NODE_EXTRA_CA_CERTS=<caPath>`.
 * Every request is recorded (path, grant type, client id, scope — never a secret or an assertion),
 * so tests can count token requests.
 */

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface OnBehalfOfRequest {
  readonly tenant: string;
  readonly clientId: string;
  readonly scope: string;
  /** The incoming user token (the SSO token). */
  readonly assertion: string;
}

/** What the token endpoint answers: a status and a JSON body. */
export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface EntraStandInOptions {
  /** The only tenant the stand-in knows; any other answers AADSTS90002. */
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The access token issued for client credentials. */
  readonly accessToken?: string;
  /** Default 3600: more than MSAL's 300 s refresh margin, so MSAL caches the token. */
  readonly expiresIn?: number;
  /** Delay before each token answer (not the discovery document), so concurrent callers overlap. */
  readonly tokenDelayMs?: number;
  /**
   * Answers `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (on-behalf-of) once the
   * client is authenticated. Without it such a request gets 400 unsupported_grant_type.
   */
  readonly onBehalfOf?: (request: OnBehalfOfRequest) => TokenAnswer | Promise<TokenAnswer>;
}

/** One request as the stand-in saw it. No secrets: no client_secret, assertion or token. */
export interface EntraRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly kind: 'openid-configuration' | 'token' | 'keys' | 'other';
  readonly tenant?: string;
  readonly grantType?: string;
  readonly clientId?: string;
  readonly scope?: string;
  readonly receivedAt: number;
  /** Set when the answer is sent. */
  status?: number;
  answeredAt?: number;
}

export interface SelfSignedCertificate {
  readonly dir: string;
  readonly keyPath: string;
  readonly certPath: string;
}

/** A certificate for IP 127.0.0.1, valid one day, in a new temporary directory. */
function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'entra-stand-in-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { dir, keyPath, certPath };
}

const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;

export class EntraStandIn {
  readonly requests: EntraRequest[] = [];
  private readonly options: Required<Omit<EntraStandInOptions, 'onBehalfOf'>> & Pick<EntraStandInOptions, 'onBehalfOf'>;
  private certificate: SelfSignedCertificate | undefined;
  private server: https.Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: EntraStandInOptions) {
    this.options = {
      accessToken: 'entra-stand-in-access-token',
      expiresIn: 3600,
      tokenDelayMs: 0,
      ...options,
    };
  }

  get accessToken(): string {
    return this.options.accessToken;
  }

  /** Starts listening on 127.0.0.1 and a free port; returns the authority host (https://127.0.0.1:PORT). */
  async start(): Promise<string> {
    this.certificate = makeSelfSignedCertificate();
    const server = https.createServer(
      { key: readFileSync(this.certificate.keyPath), cert: readFileSync(this.certificate.certPath) },
      (req, res) => this.handle(req, res),
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return this.authorityHost;
  }

  /** e.g. https://127.0.0.1:41234 — the value for AAD_AUTHORITY_HOST. */
  get authorityHost(): string {
    if (!this.server) throw new Error('EntraStandIn is not started');
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The certificate to trust: pass as NODE_EXTRA_CA_CERTS to a child process. */
  get caPath(): string {
    if (!this.certificate) throw new Error('EntraStandIn is not started');
    return this.certificate.certPath;
  }

  /** Token endpoint requests, optionally of one grant type. */
  tokenRequests(grantType?: string): EntraRequest[] {
    return this.requests.filter((r) => r.kind === 'token' && (grantType === undefined || r.grantType === grantType));
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (this.certificate) rmSync(this.certificate.dir, { recursive: true, force: true });
    this.certificate = undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void this.route(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) this.send(res, undefined, 500, { error: 'server_error' });
      });
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const method = req.method ?? '';
    const pathname = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    const base = { method, path: pathname, receivedAt: Date.now() };

    let match = OPENID_PATH.exec(pathname);
    if (match && method === 'GET') {
      const tenant = decodeURIComponent(match[1] ?? '');
      const entry: EntraRequest = { ...base, kind: 'openid-configuration', tenant };
      this.requests.push(entry);
      if (!this.knowsTenant(tenant)) return this.send(res, entry, 400, unknownTenant(tenant));
      return this.send(res, entry, 200, this.openIdConfiguration(tenant));
    }

    match = KEYS_PATH.exec(pathname);
    if (match && method === 'GET') {
      const entry: EntraRequest = { ...base, kind: 'keys', tenant: decodeURIComponent(match[1] ?? '') };
      this.requests.push(entry);
      return this.send(res, entry, 200, { keys: [] });
    }

    match = TOKEN_PATH.exec(pathname);
    if (match && method === 'POST') {
      const tenant = decodeURIComponent(match[1] ?? '');
      const form = new URLSearchParams(body);
      const entry: EntraRequest = {
        ...base,
        kind: 'token',
        tenant,
        grantType: form.get('grant_type') ?? undefined,
        clientId: form.get('client_id') ?? undefined,
        scope: form.get('scope') ?? undefined,
      };
      this.requests.push(entry);
      const answer = await this.tokenAnswer(tenant, form);
      if (this.options.tokenDelayMs > 0) await this.delay(this.options.tokenDelayMs);
      return this.send(res, entry, answer.status, answer.body);
    }

    const entry: EntraRequest = { ...base, kind: 'other' };
    this.requests.push(entry);
    this.send(res, entry, 404, { error: 'not_found' });
  }

  private async tokenAnswer(tenant: string, form: URLSearchParams): Promise<TokenAnswer> {
    if (!this.knowsTenant(tenant)) return { status: 400, body: unknownTenant(tenant) };
    const grantType = form.get('grant_type');
    if (grantType !== CLIENT_CREDENTIALS && grantType !== JWT_BEARER) {
      return {
        status: 400,
        body: aadError(
          'unsupported_grant_type',
          'AADSTS70003',
          70003,
          `The app requested an unsupported grant type '${grantType ?? ''}'.`,
        ),
      };
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId !== this.options.clientId) {
      return {
        status: 400,
        body: aadError(
          'unauthorized_client',
          'AADSTS700016',
          700016,
          `Application with identifier '${clientId}' was not found in the directory.`,
        ),
      };
    }
    if (form.get('client_secret') !== this.options.clientSecret) {
      return {
        status: 401,
        body: aadError(
          'invalid_client',
          'AADSTS7000215',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
            'not the client secret ID.',
        ),
      };
    }
    if (grantType === JWT_BEARER) {
      const scope = form.get('scope') ?? '';
      if (!this.options.onBehalfOf) {
        return {
          status: 400,
          body: aadError('unsupported_grant_type', 'AADSTS70003', 70003, 'This stand-in has no on-behalf-of handler.'),
        };
      }
      return this.options.onBehalfOf({ tenant, clientId, scope, assertion: form.get('assertion') ?? '' });
    }
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.options.expiresIn,
        ext_expires_in: this.options.expiresIn,
        access_token: this.options.accessToken,
        // No `scope`, as Entra answers client credentials: MSAL then caches under the requested
        // scope (a different scope in the answer would make every lookup miss the cache).
      },
    };
  }

  private knowsTenant(tenant: string): boolean {
    return tenant.toLowerCase() === this.options.tenantId.toLowerCase();
  }

  private openIdConfiguration(tenant: string): Record<string, unknown> {
    const root = `${this.authorityHost}/${tenant}`;
    return {
      issuer: `${root}/v2.0`,
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
      token_endpoint: `${root}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${root}/oauth2/v2.0/logout`,
      jwks_uri: `${root}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
      tenant_region_scope: null,
      cloud_instance_name: '127.0.0.1',
    };
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private send(res: ServerResponse, entry: EntraRequest | undefined, status: number, body: unknown): void {
    if (res.destroyed) return;
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-store',
    });
    res.end(payload);
    if (entry) {
      entry.status = status;
      entry.answeredAt = Date.now();
    }
  }
}

function aadError(error: string, code: string, numeric: number, description: string): Record<string, unknown> {
  return {
    error,
    error_description:
      `${code}: ${description} Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: ` +
      `00000000-0000-0000-0000-000000000000 Timestamp: ${new Date().toISOString()}`,
    error_codes: [numeric],
    timestamp: new Date().toISOString(),
    trace_id: '00000000-0000-0000-0000-000000000000',
    correlation_id: '00000000-0000-0000-0000-000000000000',
  };
}

function unknownTenant(tenant: string): Record<string, unknown> {
  return aadError('invalid_tenant', 'AADSTS90002', 90002, `Tenant '${tenant}' not found.`);
}
