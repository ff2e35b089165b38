import { CUSTOMER_SUFFIX, type LoadRequest } from '../load';
import { CUSTOMER, DISTINCT_CUSTOMER_PREFIX, TEXT } from '../settings';
import type { LeanConnector } from '../standIns';

/** `qualification for <the one customer>`, or BENCH_TEXT (e.g. "help", to profile another message). */
export function oneCustomerMessage(connector: LeanConnector): LoadRequest {
  return { kind: 'activity', text: TEXT ?? `qualification for ${CUSTOMER}`, serviceUrl: connector.url };
}

/** `qualification for <a customer no request of this bench run has named before>`. */
export function everyCustomerDifferentMessage(connector: LeanConnector): LoadRequest {
  const text = `qualification for ${DISTINCT_CUSTOMER_PREFIX}${CUSTOMER_SUFFIX}`;
  return { kind: 'activity', text, serviceUrl: connector.url };
}

export const GET_PING: LoadRequest = { kind: 'get' };
