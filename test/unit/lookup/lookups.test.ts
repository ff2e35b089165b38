import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { DEFAULTS } from '../../../src/config/defaults';
import type { Caller } from '../../../src/lookup/caller';
import { CompanyNames } from '../../../src/lookup/companyNames';
import { Lookups } from '../../../src/lookup/lookups';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CallContext } from '../../../src/partnerCenter/types';
import type { Logger } from '../../../src/shared/logger';
import { customerDomain, tenantId } from '../../helpers/ids';
import { customerLookup, educationLookup, searchResult, stubSource } from '../../helpers/stubSource';

const A = tenantId('11111111-1111-1111-1111-111111111111');
const B = tenantId('22222222-2222-2222-2222-222222222222');
const C = tenantId('33333333-3333-3333-3333-333333333333');

/** A caller whose audit lines (logger.info) are recorded. */
function caller(overrides: Partial<Caller> = {}): Caller & { audit: sinon.SinonSpy } {
  const audit = sinon.spy();
  const logger = { info: audit, warn: sinon.spy(), error: sinon.spy(), debug: sinon.spy() } as unknown as Logger;
  return { correlationId: 'corr-1', locale: 'zh-TW', userObjectId: 'user-1', logger, ...overrides, audit };
}

function lookups(source: ReturnType<typeof stubSource>, options: { deadlineMs?: number; concurrency?: number } = {}) {
  return new Lookups(source, {
    deadlineMs: options.deadlineMs ?? 10_000,
    concurrency: options.concurrency ?? 5,
    companyNames: new CompanyNames(DEFAULTS.companyNames),
  });
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('Lookups (the use cases)', () => {
  describe('one customer', () => {
    it('asks for the qualifications and the company name, with correlation id, locale and deadline', async () => {
      const source = stubSource();
      const who = caller();
      const before = performance.now();
      const answer = await lookups(source, { deadlineMs: 7_000 }).customer(who, A);

      assert.equal(answer.customerId, A);
      assert.equal(answer.lookup?.qualifications[0]?.name, 'Education');
      assert.equal(answer.customer?.companyName, 'Contoso Stub Ltd');
      assert.equal(answer.customerUnavailable, false);
      const [id, context] = source.getQualifications.firstCall.args as [string, CallContext];
      assert.equal(id, A);
      assert.equal(context.correlationId, 'corr-1');
      assert.equal(context.locale, 'zh-TW');
      assert.ok(context.deadlineAt !== undefined && context.deadlineAt >= before + 7_000);
      assert.ok(context.deadlineAt <= performance.now() + 7_000);
      assert.equal(source.getCustomer.callCount, 1);
    });

    it('writes one audit line: who asked, which customer, the outcome and Partner Center’s request id', async () => {
      const who = caller();
      await lookups(stubSource()).customer(who, A);
      assert.equal(who.audit.callCount, 1);
      const [fields, message] = who.audit.firstCall.args as [Record<string, unknown>, string];
      assert.equal(message, 'qualification lookup');
      assert.equal(fields.event, 'lookup');
      assert.equal(fields.user, 'user-1');
      assert.equal(fields.customerId, A);
      assert.equal(fields.outcome, 'ok');
      assert.equal(fields.requestId, 'r');
      assert.equal(typeof fields.durationMs, 'number');
    });

    it('a failed lookup is an answer, not a throw; the audit line names the failure', async () => {
      const notFound = new PartnerCenterError('notFound', 'no such customer', { correlationId: 'corr-1' });
      const who = caller();
      const answer = await lookups(
        stubSource({
          getQualifications: () => Promise.reject(notFound),
        }),
      ).customer(who, A);
      assert.equal(answer.error, notFound);
      assert.equal(answer.lookup, undefined);
      assert.equal((who.audit.firstCall.args[0] as Record<string, unknown>).outcome, 'notFound');
    });

    it('a company name that cannot be read never hides the qualifications', async () => {
      const who = caller();
      const answer = await lookups(
        stubSource({
          getCustomer: () => Promise.reject(new PartnerCenterError('unavailable', 'down', { correlationId: 'c' })),
        }),
      ).customer(who, A);
      assert.ok(answer.lookup);
      assert.equal(answer.customer, undefined);
      assert.equal(answer.customerUnavailable, true);
      assert.equal((who.audit.firstCall.args[0] as Record<string, unknown>).companyName, 'unavailable');
    });

    it('a known profile is used as is: no company-name call', async () => {
      const source = stubSource();
      const known = customerLookup(A, 'Known Ltd').customer;
      const answer = await lookups(source).customer(caller(), A, { known });
      assert.equal(answer.customer?.companyName, 'Known Ltd');
      assert.equal(source.getCustomer.callCount, 0);
    });

    it('remembers company names: the second lookup of a customer reads no name', async () => {
      const source = stubSource();
      const uses = lookups(source);
      await uses.customer(caller(), A);
      await uses.customer(caller(), A);
      assert.equal(source.getQualifications.callCount, 2);
      assert.equal(source.getCustomer.callCount, 1);
    });
  });

  describe('several customers', () => {
    it('answers in the order asked, at most `concurrency` at a time', async () => {
      let inFlight = 0;
      let most = 0;
      const source = stubSource({
        getQualifications: async (id) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, id === A ? 30 : 5));
          inFlight--;
          return educationLookup(id);
        },
      });
      const ids = [A, B, C, A, B];
      const started = sinon.spy();
      const answered = sinon.spy();
      const result = await lookups(source, { concurrency: 2 }).customers(caller(), ids, { started, answered });
      assert.equal(result.kind, 'answers');
      assert.deepEqual(result.kind === 'answers' && result.answers.map((answer) => answer.customerId), ids);
      assert.equal(most, 2);
      assert.equal(started.callCount, 1);
      assert.equal(answered.callCount, ids.length);
    });

    it('user mode: a failed sign-in is one answer for all of them, and nothing reaches Partner Center', async () => {
      const source = stubSource();
      const expired = new Error('sign-in expired');
      const asUser = { getToken: () => Promise.reject(expired) };
      const result = await lookups(source).customers(caller({ asUser }), [A, B]);
      assert.deepEqual(result, { kind: 'signInFailed', error: expired });
      assert.equal(source.getQualifications.callCount, 0);
      assert.equal(source.getCustomer.callCount, 0);
    });

    it('a customer not answered by the deadline gets a timeout; the others keep their answers', async () => {
      const source = stubSource({
        getQualifications: (id, context) =>
          id === B
            ? new Promise((_resolve, reject) =>
                context.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
              )
            : Promise.resolve(educationLookup(id)),
        getCustomer: (id) => (id === B ? never() : Promise.resolve(customerLookup(id))),
      });
      const result = await lookups(source, { deadlineMs: 50 }).customers(caller(), [A, B, C]);
      assert.equal(result.kind, 'answers');
      const answers = result.kind === 'answers' ? result.answers : [];
      assert.ok(answers[0]?.lookup);
      assert.ok(answers[2]?.lookup);
      assert.ok(answers[1]?.error instanceof PartnerCenterError);
      const late = answers[1]?.error;
      assert.equal(late instanceof PartnerCenterError && late.kind, 'timeout');
    });
  });

  describe('by domain', () => {
    const domain = customerDomain('contoso.onmicrosoft.com');
    const match = (id: string) => customerLookup(id, `Company ${id.slice(0, 1)}`, 'contoso.onmicrosoft.com').customer;

    it('one match: that customer’s answer, with the name the search already gave (no name call)', async () => {
      const source = stubSource({ findCustomersByDomain: async (d) => searchResult(d, [match(A)]) });
      const who = caller();
      const answer = await lookups(source).domain(who, domain);
      assert.equal(answer.kind, 'found');
      assert.equal(answer.kind === 'found' && answer.answer.customer?.companyName, 'Company 1');
      assert.equal(source.getQualifications.firstCall.args[0], A);
      assert.equal(source.getCustomer.callCount, 0);
      const search = who.audit.getCalls().find((call) => (call.args[0] as { event?: string }).event === 'domainSearch');
      assert.equal((search?.args[0] as Record<string, unknown>).matches, 1);
    });

    it('several matches: a choice, and no qualification call', async () => {
      const source = stubSource({ findCustomersByDomain: async (d) => searchResult(d, [match(A), match(B)]) });
      const answer = await lookups(source).domain(caller(), domain);
      assert.equal(answer.kind, 'choice');
      assert.equal(source.getQualifications.callCount, 0);
    });

    it('no match: not found', async () => {
      const answer = await lookups(stubSource()).domain(caller(), domain);
      assert.equal(answer.kind, 'notFound');
    });

    it('a failed search is an answer, and its audit line names the failure', async () => {
      const failure = new PartnerCenterError('forbidden', 'no', { correlationId: 'c' });
      const who = caller();
      const answer = await lookups(stubSource({ findCustomersByDomain: () => Promise.reject(failure) })).domain(
        who,
        domain,
      );
      assert.deepEqual(answer, { kind: 'failed', error: failure });
      assert.equal((who.audit.firstCall.args[0] as Record<string, unknown>).outcome, 'forbidden');
    });
  });
});
