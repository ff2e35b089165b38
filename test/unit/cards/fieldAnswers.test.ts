import assert from 'node:assert/strict';
import { customerChoiceCard } from '../../../src/cards/customerChoiceCard';
import { domainNotFoundCard } from '../../../src/cards/domainNotFoundCard';
import { errorCard } from '../../../src/cards/errorCard';
import { failureLine } from '../../../src/cards/errorView';
import { messagesFor } from '../../../src/cards/messages/index';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import { summaryCard } from '../../../src/cards/summaryCard';
import { normaliseQualifications } from '../../../src/partnerCenter/normalise';
import {
  PartnerCenterError,
  type PartnerCenterErrorDetails,
  type PartnerCenterErrorKind,
} from '../../../src/partnerCenter/errors';
import type {
  CustomerProfile,
  CustomerSearchResult,
  QualificationLookup,
  SearchIncompleteReason,
} from '../../../src/partnerCenter/types';
import {
  assertContainsText,
  assertHasText,
  assertNoText,
  assertOutsideInRun,
  assertValidCard,
  textRuns,
  texts,
} from '../../helpers/cards';
import { fixtureJson } from '../../helpers/fakePartnerCenterFixtures';
import { customerDomain, tenantId } from '../../helpers/ids';

/**
 * The cards for Partner Center answers met in the field (issue 17), in en-US and zh-TW: a 404 that
 * is not Partner Center's "no such customer", the legacy endpoint that may be retired, bare-string
 * error bodies.
 */

const CUSTOMER = tenantId('0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5');
const CORRELATION = tenantId('9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60');
const DOMAIN = 'contoso.onmicrosoft.com';

/** A lookup of `fixture`, read by the real normaliser. */
function lookupOf(fixture: string): QualificationLookup {
  return {
    customerId: CUSTOMER,
    qualifications: normaliseQualifications(fixtureJson(fixture)),
    fetchedAt: new Date('2024-05-06T19:59:56.789Z'),
    correlationId: CORRELATION,
    requestId: 'r',
    api: 'qualifications',
  };
}

/** The text of the status column of each row, with its marker (e.g. "● Denied", "○ Other status"). */
function statusColumns(card: ReturnType<typeof qualificationCard>): string[] {
  return texts(card).filter((t) => /^[●○]\u00A0/.test(t));
}

function search(
  matches: CustomerProfile[],
  similar: CustomerProfile[],
  incompleteBecause?: SearchIncompleteReason,
): CustomerSearchResult {
  return {
    domain: customerDomain(DOMAIN),
    matches,
    similar,
    similarCount: similar.length,
    complete: incompleteBecause === undefined,
    ...(incompleteBecause !== undefined && { incompleteBecause }),
    fetchedAt: new Date(),
    correlationId: CORRELATION,
    requestId: 'r',
  };
}

function pcError(
  kind: PartnerCenterErrorKind,
  details: Omit<PartnerCenterErrorDetails, 'correlationId'> = {},
): PartnerCenterError {
  return new PartnerCenterError(kind, 'internal message that must not be shown', {
    correlationId: CORRELATION,
    ...details,
  });
}

const LANGUAGES = [
  {
    locale: 'en-US',
    notAnsweredTitle: "Partner Center couldn't answer this request",
    notYours: "without saying that it has no such customer, so this doesn't mean the customer isn't yours",
    legacy: 'PARTNER_CENTER_API=qualifications',
    notFoundTitle: "This tenant isn't one of your customers",
    saidSmallPrint: 'Partner Center said: ',
    customerWords: ['this customer', 'this tenant'],
    domainLabel: 'Domain',
    searchNotAnswered: "Partner Center couldn't answer the search",
    searchNotAnsweredNext: "which doesn't tell whether one of your customers has it.",
    searchForbidden: "Partner Center didn't allow searching your customers",
    searchBadRequest: 'Partner Center rejected the search',
    checkDomain: 'Check the domain and try again.',
    notFoundTitle_: 'No customer with this domain',
    noneOfYours: `None of your customers in Partner Center has the domain ${DOMAIN}.`,
    incompleteTitle: 'Not found among the customers I searched',
    incompleteBody: `None of the customers I searched has the domain ${DOMAIN}, but I couldn’t search them all.`,
    morePages: 'You have more customers than I searched',
    pageFailed: 'Partner Center stopped answering partway through the search',
    none: 'None',
    denied: 'Denied',
    notAnEducationCustomer: 'Reason: Not an Education Customer',
    empty: 'No qualification on record (None)',
    education: 'Education',
    other: 'Other status',
    asSent: (status: string) => `Status as Partner Center gives it: ${status}`,
  },
  {
    locale: 'zh-TW',
    notAnsweredTitle: 'Partner Center 無法回應此要求',
    notYours: '但沒有表示它沒有此客戶，因此這並不表示此客戶不是您的客戶',
    legacy: 'PARTNER_CENTER_API 設為 qualifications',
    notFoundTitle: '此租用戶不是您的客戶',
    saidSmallPrint: 'Partner Center 表示：',
    customerWords: ['此客戶', '此租用戶'],
    domainLabel: '網域',
    searchNotAnswered: 'Partner Center 無法回應此搜尋',
    searchNotAnsweredNext: '這無法說明您的客戶中是否有人使用此網域。',
    searchForbidden: 'Partner Center 不允許搜尋您的客戶',
    searchBadRequest: 'Partner Center 拒絕了此搜尋',
    checkDomain: '請檢查網域後再試一次。',
    notFoundTitle_: '找不到使用此網域的客戶',
    noneOfYours: `您在 Partner Center 的客戶中，沒有網域為 ${DOMAIN} 的客戶。`,
    incompleteTitle: '在已搜尋的客戶中找不到',
    incompleteBody: `在我搜尋過的客戶中，沒有網域為 ${DOMAIN} 的客戶，但我無法搜尋所有客戶。`,
    morePages: '您的客戶比這次搜尋的範圍更多',
    pageFailed: 'Partner Center 在搜尋途中停止回應',
    none: '無',
    denied: '已拒絕',
    notAnEducationCustomer: '原因：Not an Education Customer',
    empty: '沒有資格記錄 (None)',
    education: '教育',
    other: '其他狀態',
    asSent: (status: string) => `Partner Center 提供的狀態：${status}`,
  },
] as const;

describe('cards: Partner Center answers from the field', () => {
  for (const l of LANGUAGES) {
    const context = { correlationId: CORRELATION, customerId: CUSTOMER, demo: false, locale: l.locale };

    describe(l.locale, () => {
      it(
        'notAnswered with what the gateway said: quoted once in the small print, in a TextRun, and never "not your ' +
          'customer"',
        () => {
          const card = errorCard(
            pcError('notAnswered', { httpStatus: 404, description: 'Resource not found', endpoint: 'qualifications' }),
            context,
          );
          assertValidCard(card);
          assertHasText(card, l.notAnsweredTitle);
          assertContainsText(card, l.notYours);
          assertHasText(card, `${l.saidSmallPrint}Resource not found`);
          assertOutsideInRun(card, 'Resource not found');
          assert.equal(texts(card).filter((t) => t.includes('Resource not found')).length, 1, 'quoted once');
          assertNoText(card, l.notFoundTitle);
          assertNoText(card, l.legacy);
          assertContainsText(card, '404');
        },
      );

      it('notAnswered with an empty body: the same next step, nothing quoted', () => {
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, endpoint: 'qualifications' }), context);
        assertValidCard(card);
        assertHasText(card, l.notAnsweredTitle);
        assertContainsText(card, l.notYours);
        assertNoText(card, l.saidSmallPrint);
      });

      it(
        'notAnswered on the legacy endpoint (PARTNER_CENTER_API=qualification): it may be retired, and ' +
          'how to switch',
        () => {
          const card = errorCard(
            pcError('notAnswered', { httpStatus: 404, description: 'Resource not found', endpoint: 'qualification' }),
            context,
          );
          assertValidCard(card);
          assertHasText(card, l.notAnsweredTitle);
          assertContainsText(card, l.legacy);
          assertContainsText(card, 'PARTNER_CENTER_API=qualification)');
        },
      );

      it('410 Gone on the legacy endpoint says the same; a 410 on the current one does not', () => {
        const legacy = errorCard(pcError('unexpected', { httpStatus: 410, endpoint: 'qualification' }), context);
        assertValidCard(legacy);
        assertContainsText(legacy, l.legacy);
        assertNoText(
          errorCard(pcError('unexpected', { httpStatus: 410, endpoint: 'qualifications' }), context),
          l.legacy,
        );
      });

      it(
        'Partner Center’s own 404 on the legacy endpoint stays "not your customer", without the ' + 'retirement note',
        () => {
          const card = errorCard(
            pcError('notFound', { httpStatus: 404, code: 1000, description: 'Not found', endpoint: 'qualification' }),
            context,
          );
          assertHasText(card, l.notFoundTitle);
          assertNoText(card, l.legacy);
        },
      );

      it('a bare-string body’s text is on the card (small print, in a TextRun)', () => {
        const card = errorCard(
          pcError('forbidden', { httpStatus: 403, description: 'Customer tagging denied.' }),
          context,
        );
        assertValidCard(card);
        assertHasText(card, `${l.saidSmallPrint}Customer tagging denied.`);
        assertOutsideInRun(card, 'Customer tagging denied.');
      });

      it('what was said is cleaned like any outside text: one line, no control characters, capped', () => {
        const said = `Resource\u0000 not\r\nfound ${'x'.repeat(1000)}`;
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, description: said }), context);
        assertValidCard(card);
        const quoted = textRuns(card)
          .map((run) => String(run.text))
          .find((t) => t.startsWith('Resource not found x'));
        assert.equal(texts(card).filter((t) => t.includes('Resource not found x')).length, 1, 'quoted once');
        assert.ok(quoted !== undefined, texts(card).join('\n'));
        assert.ok(Array.from(quoted).length <= 300);
        // eslint-disable-next-line no-control-regex -- the test looks for control characters
        assert.doesNotMatch(quoted, /[\u0000\r\n]/);
      });

      describe('a failed search by domain is worded for the domain, never for a tenant id', () => {
        const searchContext = { correlationId: CORRELATION, demo: false, locale: l.locale, domain: DOMAIN };
        const cases: ReadonlyArray<readonly [string, PartnerCenterError, string, string]> = [
          [
            'Partner Center’s own 404',
            pcError('notFound', { httpStatus: 404, code: 1000, description: 'Not found', endpoint: 'customerSearch' }),
            l.searchNotAnswered,
            l.searchNotAnsweredNext,
          ],
          [
            'a gateway 404',
            pcError('notAnswered', { httpStatus: 404, description: 'Resource not found', endpoint: 'customerSearch' }),
            l.searchNotAnswered,
            l.searchNotAnsweredNext,
          ],
          [
            'a 403',
            pcError('forbidden', {
              httpStatus: 403,
              code: 20002,
              description: 'No relationship',
              endpoint: 'customerSearch',
            }),
            l.searchForbidden,
            'qualification',
          ],
          [
            'a 400',
            pcError('badRequest', {
              httpStatus: 400,
              code: 3000,
              description: 'Invalid property',
              endpoint: 'customerSearch',
            }),
            l.searchBadRequest,
            l.checkDomain,
          ],
        ];
        for (const [name, error, title, next] of cases) {
          for (const userSignIn of [
            undefined,
            { adminConsentUrl: 'https://login.microsoftonline.com/organizations/adminconsent?client_id=x' },
          ]) {
            it(`${name}${userSignIn ? ' (user sign-in)' : ''}`, () => {
              const card = errorCard(error, { ...searchContext, userSignIn });
              assertValidCard(card);
              assertHasText(card, title);
              assertContainsText(
                card,
                next === 'qualification'
                  ? l.locale === 'zh-TW'
                    ? '資格 {customer-tenant-id}'
                    : 'qualification for {customer-tenant-id}'
                  : next,
              );
              assertHasText(card, l.domainLabel);
              assertOutsideInRun(card, DOMAIN);
              for (const word of l.customerWords) assertNoText(card, word);
              assert.ok(
                !texts(card).includes(messagesFor(l.locale).errors.customerLabel),
                'the tenant id label is not shown',
              );
              assertNoText(card, l.notFoundTitle);
            });
          }
        }

        it('what the search’s 404 or 400 said is quoted once, in the small print', () => {
          for (const kind of ['notAnswered', 'notFound', 'badRequest'] as const) {
            const card = errorCard(
              pcError(kind, { httpStatus: kind === 'badRequest' ? 400 : 404, description: 'Resource not found' }),
              searchContext,
            );
            assert.equal(texts(card).filter((t) => t.includes('Resource not found')).length, 1, kind);
            assertHasText(card, `${l.saidSmallPrint}Resource not found`);
          }
        });

        it('errors with no customer in their words keep their usual text (throttled)', () => {
          const card = errorCard(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 57 }), searchContext);
          assertHasText(card, messagesFor(l.locale).errors.partnerCenter.throttled.title);
          assertHasText(card, l.domainLabel);
        });
      });

      describe('a search that could not cover every customer', () => {
        const lookalike: CustomerProfile = {
          id: tenantId('7b26b357-9ca3-48b8-a58e-4febe2662a5d'),
          companyName: 'Contoso AU',
          domain: customerDomain(`${DOMAIN}.au`),
        };
        const options = { correlationId: CORRELATION, demo: false, locale: l.locale };

        it('complete and nothing found: "none of your customers has the domain", no caveat', () => {
          const card = domainNotFoundCard(search([], [lookalike]), options);
          assertValidCard(card);
          assertHasText(card, l.notFoundTitle_);
          assertHasText(card, l.noneOfYours);
          assertNoText(card, l.morePages);
          assertNoText(card, l.pageFailed);
        });

        for (const [reason, note] of [
          ['morePages', l.morePages],
          ['pageFailed', l.pageFailed],
        ] as const) {
          it(
            `incomplete (${reason}) and nothing found: "none of those I searched", and why, never "none of your ` +
              `customers"`,
            () => {
              const card = domainNotFoundCard(search([], [lookalike], reason), options);
              assertValidCard(card);
              assertHasText(card, l.incompleteTitle);
              assertHasText(card, l.incompleteBody);
              assertContainsText(card, note);
              assertNoText(card, l.noneOfYours);
              assertNoText(card, l.notFoundTitle_);
              assertOutsideInRun(card, lookalike.companyName as string);
            },
          );

          it(`incomplete (${reason}) with several matches: the choice, and why there may be more`, () => {
            const card = customerChoiceCard(
              search(
                [
                  { id: CUSTOMER, domain: customerDomain(DOMAIN) },
                  { id: lookalike.id, domain: customerDomain(DOMAIN) },
                ],
                [],
                reason,
              ),
              options,
            );
            assertValidCard(card);
            assertContainsText(card, note);
          });
        }
      });

      describe('qualification states no document lists', () => {
        const options = { demo: false, locale: l.locale };

        it(
          'None with status Denied and a reason (fixture qualifications-get-none-denied-CONSTRUCTED.json): shown, ' +
            'not "no qualification on record"',
          () => {
            const card = qualificationCard(lookupOf('qualifications-get-none-denied-CONSTRUCTED.json'), options);
            assertValidCard(card);
            assertHasText(card, l.none);
            assert.deepEqual(statusColumns(card), [`●\u00A0${l.denied}`]);
            assertHasText(card, l.notAnEducationCustomer);
            assertNoText(card, l.empty);
          },
        );

        it(
          'statuses Partner Center never documented (fixture ' +
            'qualifications-get-unknown-statuses-CONSTRUCTED.json): a neutral marker, "other status" and the status ' +
            'as sent',
          () => {
            const card = qualificationCard(lookupOf('qualifications-get-unknown-statuses-CONSTRUCTED.json'), options);
            assertValidCard(card);
            assert.deepEqual(statusColumns(card), [`○\u00A0${l.other}`, `○\u00A0${l.other}`, `○\u00A0${l.other}`]);
            for (const status of ['NotStarted', 'Pending', 'Expired']) {
              assertHasText(card, l.asSent(status));
              assert.equal(assertOutsideInRun(card, status).fontType, 'Monospace');
            }
            assertHasText(card, l.education);
            for (const text of texts(card))
              assert.ok(
                !/^(?:NotStarted|Pending|Expired)$/.test(text),
                `an untranslated status alone on a line: ${text}`,
              );
          },
        );

        it('the summary card shows the same: the None row and the statuses as sent', () => {
          const card = summaryCard(
            [
              { state: 'ok', lookup: lookupOf('qualifications-get-none-denied-CONSTRUCTED.json') },
              {
                state: 'ok',
                lookup: {
                  ...lookupOf('qualifications-get-unknown-statuses-CONSTRUCTED.json'),
                  customerId: tenantId('7b26b357-9ca3-48b8-a58e-4febe2662a5d'),
                },
              },
            ],
            { ...options, correlationId: CORRELATION },
          );
          assertValidCard(card);
          assertContainsText(card, `${l.none}\u00A0·\u00A0●\u00A0${l.denied}`);
          assertContainsText(card, `\u00A0·\u00A0○\u00A0${l.other}`);
          assertHasText(card, l.asSent('NotStarted'));
          assertHasText(card, l.notAnEducationCustomer);
          assertNoText(card, l.empty);
        });
      });

      it('the summary card’s one-line failure is the notAnswered title', () => {
        assert.equal(
          failureLine(pcError('notAnswered', { httpStatus: 404 }), messagesFor(l.locale)),
          l.notAnsweredTitle,
        );
      });
    });
  }
});
