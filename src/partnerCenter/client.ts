import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { DEFAULTS } from '../config/defaults';
import type { CustomerTenantId } from './customerId';
import type { CompanyName } from './companyName';
import { findCustomersByDomain, findCustomersByName } from './customerSearch';
import { MalformedCustomerError, normaliseCustomer } from './customers';
import type { CustomerDomain } from './domain';
import { normaliseQualifications } from './normalise';
import { readBody } from './readBody';
import { PartnerCenterRequests, type CallPolicy } from './requests';
import type {
  CallContext,
  CompanyNameSearchResult,
  CustomerLookup,
  CustomerSearchResult,
  QualificationApi,
  QualificationLookup,
  QualificationSource,
} from './types';

/**
 * The Partner Center REST client: one method per call the bot makes, each already under the call
 * policy (resilience.ts) when one is given. It knows nothing of Teams or botbuilder. Its HTTP goes
 * through HttpTransport (Node's http/https with a keep-alive agent), so repeated lookups reuse one
 * TLS connection to Partner Center.
 */
export interface PartnerCenterClientOptions {
  /** e.g. https://api.partnercenter.microsoft.com (no trailing slash). */
  readonly baseUrl: string;
  readonly tokenProvider: PartnerCenterTokenProvider;
  readonly api?: QualificationApi;
  /** Per-request timeout (PARTNER_CENTER_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Largest answer read; anything longer is treated as malformed. Default 1 MB. */
  readonly maxResponseBytes?: number;
  /** Retries, circuit breaker, bulkhead and deadline (PartnerCenterResilience). Default: one attempt. */
  readonly policy?: CallPolicy;
}

export class PartnerCenterClient implements QualificationSource {
  private readonly api: QualificationApi;
  private readonly requests: PartnerCenterRequests;

  constructor(options: PartnerCenterClientOptions) {
    this.api = options.api ?? 'qualifications';
    this.requests = new PartnerCenterRequests({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      tokenProvider: options.tokenProvider,
      timeoutMs: options.timeoutMs ?? DEFAULTS.partnerCenterTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
      policy: options.policy,
    });
  }

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.requests.close();
  }

  /** GET /v1/customers/{id}/qualifications (or the legacy /qualification). */
  async getQualifications(customerId: CustomerTenantId, context: CallContext): Promise<QualificationLookup> {
    const { body, requestId } = await this.requests.getJson(
      this.api,
      `/v1/customers/${customerId}/${this.api}`,
      context,
    );
    const qualifications = readBody(() => normaliseQualifications(body), {
      correlationId: context.correlationId,
      requestId,
      endpoint: this.api,
    });
    return {
      customerId,
      qualifications,
      fetchedAt: new Date(),
      correlationId: context.correlationId,
      requestId,
      api: this.api,
    };
  }

  /** GET /v1/customers/{id}: the company name and domain of one customer (best effort). */
  async getCustomer(customerId: CustomerTenantId, context: CallContext): Promise<CustomerLookup> {
    const { body, requestId } = await this.requests.getJson('customer', `/v1/customers/${customerId}`, context, {
      bestEffort: true,
    });
    const customer = readBody(
      () => {
        const read = normaliseCustomer(body);
        // Never put another customer's name next to this one's qualification.
        if (read.id !== customerId) throw new MalformedCustomerError('the answer is about another customer');
        return read;
      },
      { correlationId: context.correlationId, requestId, endpoint: 'customer' },
    );
    return { customer, fetchedAt: new Date(), correlationId: context.correlationId, requestId };
  }

  /** The customers with exactly this domain (see customerSearch.ts). */
  findCustomersByDomain(domain: CustomerDomain, context: CallContext): Promise<CustomerSearchResult> {
    return findCustomersByDomain(this.requests, domain, context);
  }

  /** The customers whose company name starts with this name (see customerSearch.ts). */
  findCustomersByName(name: CompanyName, context: CallContext): Promise<CompanyNameSearchResult> {
    return findCustomersByName(this.requests, name, context);
  }
}
