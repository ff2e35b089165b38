import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { startPartnerCenterSimulator } from '../src/demo/simulator';
import { EntraStandIn } from '../test/helpers/entraStandIn';
import { FakePartnerCenter, type FakeReply, type RecordedRequest } from '../test/helpers/fakePartnerCenter';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, CUSTOMER, PARTNER_TENANT_ID, PC_MAX_IN_FLIGHT } from './settings';

/**
 * What the bot talks to in the benchmark, all on 127.0.0.1: the tests' Entra stand-in (TLS; it
 * counts token requests), the tests' fake Partner Center with recording off, and a lean Bot
 * Connector stand-in: they count and answer but keep nothing per request (recording every request
 * would grow and cost CPU over 50,000 turns).
 */

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Bot Connector stand-in: every POST answers 200 {"id":"1"}; only counted, bodies not kept. */
export class LeanConnector {
  replies = 0;
  updates = 0;
  /** When set, the body of each reply is kept here (the 20-customer run reads the final card). */
  keep: string[] | undefined;
  readonly server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
    const chunks: Buffer[] | undefined = this.keep ? [] : undefined;
    if (chunks) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on('end', () => {
      if (req.method === 'POST') this.replies++;
      if (req.method === 'PUT') this.updates++;
      if (chunks) this.keep?.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 10 });
      res.end('{"id":"1"}');
    });
  });
  connections = 0;
  url = '';
  async start() {
    this.server.on('connection', () => this.connections++);
    this.url = `http://127.0.0.1:${await listen(this.server)}`;
  }
}

const PROFILE_PATH = /^\/v1\/customers\/([0-9a-f-]{36})$/;

/**
 * Partner Center stand-in: the tests' FakePartnerCenter without recording (it only counts), after
 * `delayMs`: GET …/qualifications answers the simulator's body for CUSTOMER (whichever customer is
 * asked for), GET /v1/customers/{id} its customer resource (with the id asked for). A request that
 * arrives while more than PC_MAX_IN_FLIGHT are in flight gets 429 (counted): the bot must never
 * provoke that.
 */
export class LeanPartnerCenter {
  qualificationCalls = 0;
  profileCalls = 0;
  unauthorized = 0;
  throttled = 0;
  delayMs = 0;
  private fake: FakePartnerCenter | undefined;
  private body = '';
  private profileBody = '';
  private contentType = 'application/json';

  /** Every request, answered or refused. */
  get calls(): number {
    return this.started.received;
  }

  get connections(): number {
    return this.started.connections;
  }

  /** The most requests in flight at once since the last reset to 0. */
  get maxInFlight(): number {
    return this.started.maxInFlight;
  }

  set maxInFlight(value: number) {
    this.started.maxInFlight = value;
  }

  get url(): string {
    return this.started.url;
  }

  async start(): Promise<void> {
    // The answer is exactly what the built-in simulator gives for this customer.
    const simulator = await startPartnerCenterSimulator({ requireToken: ACCESS_TOKEN });
    try {
      const headers = { Authorization: `Bearer ${ACCESS_TOKEN}` };
      const response = await fetch(`${simulator.url}/v1/customers/${CUSTOMER}/qualifications`, { headers });
      if (response.status !== 200) throw new Error(`simulator answered ${response.status}`);
      this.contentType = response.headers.get('content-type') ?? this.contentType;
      this.body = await response.text();
      const profile = await fetch(`${simulator.url}/v1/customers/${CUSTOMER}`, { headers });
      if (profile.status !== 200) throw new Error(`simulator answered ${profile.status} for the customer`);
      this.profileBody = await profile.text();
    } finally {
      await simulator.close();
    }
    this.fake = await FakePartnerCenter.start({ record: false, keepAliveTimeoutMs: 60000 });
    this.fake.replyAlways((request) => this.answer(request));
  }

  close(): Promise<void> {
    return this.fake?.close() ?? Promise.resolve();
  }

  private get started(): FakePartnerCenter {
    if (!this.fake) throw new Error('the Partner Center stand-in has not started');
    return this.fake;
  }

  private answer(request: RecordedRequest): FakeReply {
    const profile = PROFILE_PATH.exec(request.url);
    if (profile) this.profileCalls++;
    else this.qualificationCalls++;
    const reply = (status: number, body = '') => ({
      status,
      body,
      headers: { 'Content-Type': this.contentType },
      delayMs: this.delayMs,
    });
    if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
      this.unauthorized++;
      return reply(401);
    }
    if (this.started.inFlight > PC_MAX_IN_FLIGHT) {
      this.throttled++;
      return reply(429, '{"code":429,"description":"Rate limit is exceeded"}');
    }
    return reply(200, profile ? this.profileBody.replaceAll(CUSTOMER, profile[1]) : this.body);
  }
}

export interface StandIns {
  readonly connector: LeanConnector;
  readonly pc: LeanPartnerCenter;
  readonly entra: EntraStandIn;
}

export async function startStandIns(): Promise<StandIns> {
  const standIns: StandIns = {
    connector: new LeanConnector(),
    pc: new LeanPartnerCenter(),
    entra: new EntraStandIn({
      tenantId: PARTNER_TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessToken: ACCESS_TOKEN,
    }),
  };
  await Promise.all([standIns.connector.start(), standIns.pc.start(), standIns.entra.start()]);
  return standIns;
}

export async function closeStandIns({ connector, pc, entra }: StandIns): Promise<void> {
  await Promise.all([closeServer(connector.server), pc.close(), entra.close()]);
}
