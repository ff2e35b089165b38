import http from 'node:http';
import { teamsMessage } from '../../test/helpers/activities';
import { sleep } from '../../test/helpers/botProcess';
import type { MeasuredProcess } from '../processes';
import { PC_DELAY_MS } from '../settings';
import type { StandIns } from '../standIns';

export const BULK_CUSTOMERS = 20;
const BULK_ROUNDS = 5;

export interface BulkRun {
  customers: number;
  rounds: number;
  partnerCenterDelayMs: number;
  /** Time from posting the message to the end of the turn (the summary card sent), per round. */
  secondsPerRound: number[];
  maxSeconds: number;
  partnerCenterCallsPerMessage: number;
  maxInFlightAtPartnerCenter: number;
  throttledByPartnerCenter: number;
  repliesPerMessage: number;
  updatesPerMessage: number;
  /** Every round's last reply is the summary card with all 20 customers answered. */
  allAnswered: boolean;
}

/** POSTs one activity and resolves when the bot has answered the HTTP request (the turn is over). */
function postOnce(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/messages', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `qualification for <20 tenant ids>` with Partner Center answering each request in
 * PC_DELAY_MS: each round asks for 20 customers the bot has not seen (so their company names
 * are read too: 40 requests), and the stand-in refuses (429) beyond PC_MAX_IN_FLIGHT at once.
 */
export async function twentyCustomers(proc: MeasuredProcess, { connector, pc }: StandIns): Promise<BulkRun> {
  pc.delayMs = PC_DELAY_MS;
  const seconds: number[] = [];
  const calls0 = pc.calls;
  const throttled0 = pc.throttled;
  const replies0 = connector.replies;
  const updates0 = connector.updates;
  pc.maxInFlight = 0;
  let allAnswered = true;
  for (let round = 0; round < BULK_ROUNDS; round++) {
    const group = `9${String(round).padStart(3, '0')}`;
    const ids = Array.from(
      { length: BULK_CUSTOMERS },
      (_, i) => `00000000-0000-4000-${group}-${String(i).padStart(12, '0')}`,
    );
    const activity = teamsMessage(`qualification for ${ids.join(' ')}`, { serviceUrl: connector.url });
    connector.keep = [];
    const started = performance.now();
    const status = await postOnce(proc.port, JSON.stringify(activity));
    seconds.push((performance.now() - started) / 1000);
    const last = connector.keep.at(-1) ?? '';
    connector.keep = undefined;
    const summaryCard = last.includes(`${BULK_CUSTOMERS} customers`) && !last.includes("couldn't be looked up");
    allAnswered &&= status === 200 && summaryCard && ids.every((id) => last.includes(id));
    await sleep(300);
  }
  pc.delayMs = 0;
  const bulk = {
    customers: BULK_CUSTOMERS,
    rounds: BULK_ROUNDS,
    partnerCenterDelayMs: PC_DELAY_MS,
    secondsPerRound: seconds,
    maxSeconds: Math.max(...seconds),
    partnerCenterCallsPerMessage: (pc.calls - calls0) / BULK_ROUNDS,
    maxInFlightAtPartnerCenter: pc.maxInFlight,
    throttledByPartnerCenter: pc.throttled - throttled0,
    repliesPerMessage: (connector.replies - replies0) / BULK_ROUNDS,
    updatesPerMessage: (connector.updates - updates0) / BULK_ROUNDS,
    allAnswered,
  };
  console.error(`  20 customers: ${bulk.secondsPerRound.map((x) => x.toFixed(2)).join(', ')} s`);
  return bulk;
}
