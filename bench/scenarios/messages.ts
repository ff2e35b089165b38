import type { LoadRequest } from '../load';
import { CUSTOMER, TEXT } from '../settings';
import type { LeanConnector } from '../standIns';

/** `qualification for <the one customer>`, or BENCH_TEXT (e.g. "help", to profile another message). */
export function oneCustomerMessage(connector: LeanConnector): LoadRequest {
  return { kind: 'activity', text: TEXT ?? `qualification for ${CUSTOMER}`, serviceUrl: connector.url };
}

export const GET_PING: LoadRequest = { kind: 'get' };
