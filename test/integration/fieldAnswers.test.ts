import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { captureLogs } from '../helpers/logCapture';
import { postActivity, teamsMessage } from '../helpers/activities';
import type { AdaptiveCardJson } from '../../src/cards/templates';
import { BotConnectorStandIn, cardOf } from '../helpers/botConnector';
import { texts } from '../helpers/cards';
import { FakePartnerCenter, appModeEnv, type FakeReply, type RecordedRequest } from '../helpers/fakePartnerCenter';
import { fixtureBytes, withBom } from '../helpers/fakePartnerCenterFixtures';

/**
 * Partner Center answers met in the field (issue 17), end to end: the real server (restify,
 * CloudAdapter, bot, REST client over node:http, resilience) in app mode, its Partner Center calls
 * going to a fake on 127.0.0.1 that sends the exact bytes, its replies to a Bot Connector stand-in.
 * Each case is asked in English and in Traditional Chinese and checked for the words the user sees.
 */

const TOKEN = 'field-answers-token';
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

interface Harness {
  readonly pc: FakePartnerCenter;
  readonly connector: BotConnectorStandIn;
  readonly app: RunningApp;
  readonly logLines: Array<Record<string, unknown>>;
  /** What the fake answers for a request, by a test-chosen key in its URL (tenant id or domain). */
  readonly routes: Map<string, FakeReply | ((request: RecordedRequest, index: number) => FakeReply)>;
}

async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const pc = (await FakePartnerCenter.start()).answerProfiles();
  const connector = new BotConnectorStandIn();
  await connector.start();
  const { logger, records: logLines } = captureLogs();
  const config = loadConfig(appModeEnv(pc.url, env));
  const app = await startApp(config, logger, {
    tokenProvider: { getToken: async () => TOKEN },
    resilience: { initialBackoffMs: 5, maxBackoffMs: 20, minAttemptMs: 50, retryAfterSecondMs: 20 },
  });
  const routes: Harness['routes'] = new Map();
  const seen = new Map<string, number>();
  pc.replyAlways((request) => {
    const url = decodeURIComponent(request.url);
    for (const [key, route] of routes) {
      if (!url.includes(key)) continue;
      const index = seen.get(key) ?? 0;
      seen.set(key, index + 1);
      return typeof route === 'function' ? route(request, index) : route;
    }
    return { status: 599 };
  });
  return { pc, connector, app, logLines, routes };
}

async function stopHarness(h: Harness | undefined): Promise<void> {
  await h?.app.stop(1000);
  await h?.pc.close();
  await h?.connector.close();
}

/** Sends `text` as Teams would, in `locale`; resolves with the lines of the card the bot answers, one per line. */
async function ask(h: Harness, text: string, locale: string): Promise<string> {
  const activity = teamsMessage(text, { serviceUrl: h.connector.url, locale });
  const { status } = await postActivity(h.app.host.url, activity);
  assert.equal(status, 200, `POST /api/messages answered ${status}`);
  return texts(
    cardOf(await h.connector.waitForReplyTo(activity.id as string, { withCard: true })) as AdaptiveCardJson,
  ).join('\n');
}

function command(locale: string, target: string): string {
  return locale === 'zh-TW' ? `資格 ${target}` : `qualification for ${target}`;
}

function assertAll(text: string, expected: readonly (string | RegExp)[], not: readonly (string | RegExp)[] = []): void {
  for (const e of expected) {
    if (typeof e === 'string') assert.ok(text.includes(e), `"${e}" is not on the card:\n${text}`);
    else assert.match(text, e);
  }
  for (const e of not) {
    if (typeof e === 'string') assert.ok(!text.includes(e), `"${e}" must not be on the card:\n${text}`);
    else assert.doesNotMatch(text, e);
  }
}

function newCustomerId(): string {
  return randomUUID();
}

const WORDS = {
  'en-US': {
    approved: 'Approved',
    education: 'Education',
    forbidden: "You don't have access to this customer in Partner Center",
    notFound: "This tenant isn't one of your customers",
    notAnswered: "Partner Center couldn't answer this request",
    notYours: "so this doesn't mean the customer isn't yours",
    legacy: 'set PARTNER_CENTER_API=qualifications',
    said: 'Partner Center said: ',
    errorCode: (code: number, text: string) => `Partner Center error ${code}: ${text}`,
    searchNotAnswered: "Partner Center couldn't answer the search",
    searchForbidden: "Partner Center didn't allow searching your customers",
    domainLabel: 'Domain',
    incompleteTitle: 'Not found among the customers I searched',
    noneOfYours: 'None of your customers in Partner Center has the domain',
    pageFailed: 'Partner Center stopped answering partway through the search',
    didYouMean: 'Did you mean:',
    none: 'None',
    denied: '● Denied',
    reason: 'Reason: Not an Education Customer',
    empty: 'No qualification on record',
    other: '○ Other status',
    asSent: 'Status as Partner Center gives it: ',
  },
  'zh-TW': {
    approved: '已核准',
    education: '教育',
    forbidden: '您在 Partner Center 中沒有此客戶的存取權',
    notFound: '此租用戶不是您的客戶',
    notAnswered: 'Partner Center 無法回應此要求',
    notYours: '因此這並不表示此客戶不是您的客戶',
    legacy: '將 PARTNER_CENTER_API 設為 qualifications',
    said: 'Partner Center 表示：',
    errorCode: (code: number, text: string) => `Partner Center 錯誤 ${code}：${text}`,
    searchNotAnswered: 'Partner Center 無法回應此搜尋',
    searchForbidden: 'Partner Center 不允許搜尋您的客戶',
    domainLabel: '網域',
    incompleteTitle: '在已搜尋的客戶中找不到',
    noneOfYours: '您在 Partner Center 的客戶中，沒有網域為',
    pageFailed: 'Partner Center 在搜尋途中停止回應',
    didYouMean: '您要找的是不是：',
    none: '無',
    denied: '● 已拒絕',
    reason: '原因：Not an Education Customer',
    empty: '沒有資格記錄',
    other: '○ 其他狀態',
    asSent: 'Partner Center 提供的狀態：',
  },
} as const;

describe('Partner Center answers from the field, through the bot (en-US and zh-TW)', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  let legacy: Harness | undefined;

  before(async () => {
    h = await startHarness();
    legacy = await startHarness({ PARTNER_CENTER_API: 'qualification' });
  });
  after(async () => {
    await stopHarness(h);
    await stopHarness(legacy);
  });

  for (const locale of ['en-US', 'zh-TW'] as const) {
    const w = WORDS[locale];

    describe(locale, () => {
      it('a 200 qualification answer with a byte-order mark → the qualification', async () => {
        const id = newCustomerId();
        h!.routes.set(id, { body: withBom(fixtureBytes('qualifications-get-approved.json')), headers: JSON_TYPE });
        assertAll(await ask(h!, command(locale, id), locale), [w.education, w.approved]);
      });

      it('a 200 legacy answer with a byte-order mark → the qualification', async () => {
        const id = newCustomerId();
        legacy!.routes.set(id, {
          body: withBom(fixtureBytes('legacy-get-qualification-education.json')),
          headers: JSON_TYPE,
        });
        assertAll(await ask(legacy!, command(locale, id), locale), [w.education]);
      });

      it('a 403 with a byte-order mark keeps Partner Center’s code and description', async () => {
        const id = newCustomerId();
        h!.routes.set(id, {
          status: 403,
          body: withBom(fixtureBytes('error-403-no-relationship-observed.json')),
          headers: JSON_TYPE,
        });
        assertAll(await ask(h!, command(locale, id), locale), [
          w.forbidden,
          w.errorCode(20002, 'No relationship between caller and account.'),
        ]);
      });

      it(
        'a gateway 404 ({ statusCode, message }) → "couldn’t answer", quoting it, never "not ' + 'your customer"',
        async () => {
          const id = newCustomerId();
          h!.routes.set(id, { status: 404, body: fixtureBytes('error-404-gateway-observed.json'), headers: JSON_TYPE });
          assertAll(
            await ask(h!, command(locale, id), locale),
            [w.notAnswered, w.notYours, 'Resource not found'],
            [w.notFound, w.legacy],
          );
        },
      );

      it('an HTML 404 → "couldn’t answer", quoting its title', async () => {
        const id = newCustomerId();
        h!.routes.set(id, {
          status: 404,
          body: fixtureBytes('error-404-html-CONSTRUCTED.html'),
          headers: { 'Content-Type': 'text/html' },
        });
        assertAll(
          await ask(h!, command(locale, id), locale),
          [w.notAnswered, '404 - File or directory not found.'],
          [w.notFound],
        );
      });

      it('an empty 404 → "couldn’t answer"', async () => {
        const id = newCustomerId();
        h!.routes.set(id, { status: 404 });
        assertAll(await ask(h!, command(locale, id), locale), [w.notAnswered], [w.notFound]);
      });

      it(
        'with PARTNER_CENTER_API=qualification, a gateway 404 also says the legacy endpoint may be retired and how ' +
          'to switch',
        async () => {
          const id = newCustomerId();
          legacy!.routes.set(id, {
            status: 404,
            body: fixtureBytes('error-404-gateway-observed.json'),
            headers: JSON_TYPE,
          });
          assertAll(
            await ask(legacy!, command(locale, id), locale),
            [w.notAnswered, w.legacy, 'Resource not found'],
            [w.notFound],
          );
        },
      );

      it('Partner Center’s own 404 (PartnerFD code and description) is still "not your customer"', async () => {
        const id = newCustomerId();
        h!.routes.set(id, {
          status: 404,
          body: withBom(fixtureBytes('error-404-customer-CONSTRUCTED.json')),
          headers: JSON_TYPE,
        });
        assertAll(
          await ask(h!, command(locale, id), locale),
          [w.notFound, w.errorCode(1000, 'Not found')],
          [w.notAnswered],
        );
      });

      it('a bare-string 403 body keeps its text on the card and in the audit log line', async () => {
        const id = newCustomerId();
        h!.routes.set(id, {
          status: 403,
          body: fixtureBytes('error-bare-string-CONSTRUCTED.json'),
          headers: JSON_TYPE,
        });
        assertAll(await ask(h!, command(locale, id), locale), [w.forbidden, `${w.said}Customer tagging denied.`]);
        const audit = h!.logLines.find((line) => line.event === 'lookup' && line.customerId === id);
        assert.ok(audit, 'no audit line for the lookup');
        assert.equal(audit.outcome, 'forbidden');
        assert.equal(audit.partnerCenterSaid, 'Customer tagging denied.');
        assert.equal(audit.endpoint, 'qualifications');
      });

      it(
        'None with status Denied and a reason → the None row with its status and reason, not "no qualification on ' +
          'record"',
        async () => {
          const id = newCustomerId();
          h!.routes.set(id, {
            body: withBom(fixtureBytes('qualifications-get-none-denied-CONSTRUCTED.json')),
            headers: JSON_TYPE,
          });
          const text = await ask(h!, command(locale, id), locale);
          assertAll(text.replace(/\u00A0/g, ' '), [new RegExp(`^${w.none}$`, 'm'), w.denied, w.reason], [w.empty]);
        },
      );

      it(
        'statuses no document lists → a neutral marker, "other status" and each status as Partner ' + 'Center gave it',
        async () => {
          const id = newCustomerId();
          h!.routes.set(id, {
            body: fixtureBytes('qualifications-get-unknown-statuses-CONSTRUCTED.json'),
            headers: JSON_TYPE,
          });
          const text = (await ask(h!, command(locale, id), locale)).replace(/\u00A0/g, ' ');
          assertAll(text, [w.other, `${w.asSent}NotStarted`, `${w.asSent}Pending`, `${w.asSent}Expired`, w.education]);
          assert.equal(text.split('\n').filter((t) => t === w.other).length, 3, text);
        },
      );

      describe('a search by domain', () => {
        /** A fresh domain per test, and the route keys for its searches (decoded filter text). */
        function domainCase(): { domain: string; exactKey: string; nearKey: string; nextUri: string; nextKey: string } {
          const label = `f${randomUUID().slice(0, 8)}`;
          return {
            domain: `${label}.onmicrosoft.com`,
            exactKey: `"Value":"${label}.onmicrosoft.com"`,
            nearKey: `"Value":"${label}"`,
            nextUri: `/customers?size=40&seekOperation=Next&page2=${label}`,
            nextKey: `page2=${label}`,
          };
        }
        const page = (items: unknown[], nextUri?: string): FakeReply => ({
          json: {
            totalCount: items.length,
            items,
            links: {
              self: { uri: '/customers', method: 'GET', headers: [] },
              ...(nextUri && {
                next: { uri: nextUri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: 't' }] },
              }),
            },
            attributes: { objectType: 'Collection' },
          },
        });
        const customer = (id: string, domain: string, companyName: string) => ({
          id,
          companyProfile: { tenantId: id, domain, companyName },
        });

        it(
          'page 1 holds the exact match and links.next, page 2 would be a 404: the match’s qualification card ' +
            '(page 2 never asked)',
          async () => {
            const c = domainCase();
            const id = newCustomerId();
            h!.routes.set(c.nextKey, {
              status: 404,
              body: fixtureBytes('error-404-customer-CONSTRUCTED.json'),
              headers: JSON_TYPE,
            });
            h!.routes.set(c.exactKey, page([customer(id, c.domain, 'Field Match Ltd')], c.nextUri));
            h!.routes.set(id, { body: fixtureBytes('qualifications-get-approved.json'), headers: JSON_TYPE });
            const text = await ask(h!, command(locale, c.domain), locale);
            assertAll(text, [w.education, w.approved, id], [w.notFound]);
            assert.ok(!h!.pc.requests.some((r) => r.url.includes(c.nextKey)), 'page 2 was asked for');
          },
        );

        it(
          'page 1 holds only look-alikes and links.next, page 2 answers 404: "not found among those I searched", ' +
            'the look-alike offered, why',
          async () => {
            const c = domainCase();
            const lookalike = newCustomerId();
            h!.routes.set(c.nextKey, {
              status: 404,
              body: fixtureBytes('error-404-customer-CONSTRUCTED.json'),
              headers: JSON_TYPE,
            });
            h!.routes.set(c.exactKey, page([customer(lookalike, `${c.domain}.au`, 'Field Lookalike Pty')], c.nextUri));
            h!.routes.set(c.nearKey, page([]));
            const text = await ask(h!, command(locale, c.domain), locale);
            assertAll(
              text,
              [w.incompleteTitle, w.pageFailed, w.didYouMean, 'Field Lookalike Pty', c.domain],
              [w.noneOfYours, w.notFound, w.searchNotAnswered],
            );
            const audit = h!.logLines.find((line) => line.event === 'domainSearch' && line.domain === c.domain);
            assert.ok(audit, 'no domainSearch audit line');
            assert.equal(audit.outcome, 'ok');
            assert.equal(audit.complete, false);
            assert.equal(audit.incompleteBecause, 'pageFailed');
            assert.deepEqual((audit.partialFailure as Record<string, unknown>).outcome, 'notAnswered');
            assert.deepEqual((audit.partialFailure as Record<string, unknown>).partnerCenterSaid, 'Not found');
          },
        );

        it(
          'the first page answers a gateway 404: "couldn’t answer the search", with the domain, never "this tenant ' +
            'isn’t one of your customers"',
          async () => {
            const c = domainCase();
            h!.routes.set(c.exactKey, {
              status: 404,
              body: fixtureBytes('error-404-gateway-observed.json'),
              headers: JSON_TYPE,
            });
            const text = await ask(h!, command(locale, c.domain), locale);
            assertAll(
              text,
              [w.searchNotAnswered, w.domainLabel, c.domain, 'Resource not found'],
              [w.notFound, w.notAnswered],
            );
          },
        );

        it('the first page answers 403: "didn’t allow searching your customers", not "this customer"', async () => {
          const c = domainCase();
          h!.routes.set(c.exactKey, {
            status: 403,
            body: withBom(fixtureBytes('error-403-no-relationship-observed.json')),
            headers: JSON_TYPE,
          });
          const text = await ask(h!, command(locale, c.domain), locale);
          assertAll(
            text,
            [w.searchForbidden, c.domain, w.errorCode(20002, 'No relationship between caller and account.')],
            [w.forbidden],
          );
        });
      });
    });
  }
});
