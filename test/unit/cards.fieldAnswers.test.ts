import assert from 'node:assert/strict';
import { errorCard, failureLine, messagesFor } from '../../src/cards';
import { PartnerCenterError, type PartnerCenterErrorDetails, type PartnerCenterErrorKind } from '../../src/partnerCenter/errors';
import { assertContainsText, assertHasText, assertNoText, assertOutsideInRun, assertValidCard, textRuns, texts } from '../helpers/cards';

/**
 * The cards for Partner Center answers met in the field (issue 17), in en-US and zh-TW: a 404 that
 * is not Partner Center's "no such customer", the legacy endpoint that may be retired, bare-string
 * error bodies.
 */

const CUSTOMER = '0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5';
const CORRELATION = '9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60';

function pcError(kind: PartnerCenterErrorKind, details: Omit<PartnerCenterErrorDetails, 'correlationId'> = {}): PartnerCenterError {
  return new PartnerCenterError(kind, 'internal message that must not be shown', { correlationId: CORRELATION, ...details });
}

const LANGUAGES = [
  {
    locale: 'en-US',
    notAnsweredTitle: "Partner Center couldn't answer this request",
    notYours: "didn't say that the customer isn't yours",
    noDetails: "with no details, so this doesn't mean the customer isn't yours",
    itSaid: 'It said: ',
    legacy: 'PARTNER_CENTER_API=qualifications',
    notFoundTitle: "This tenant isn't one of your customers",
    saidSmallPrint: 'Partner Center said: ',
  },
  {
    locale: 'zh-TW',
    notAnsweredTitle: 'Partner Center 無法回應此要求',
    notYours: '但沒有表示此客戶不是您的客戶',
    noDetails: '但沒有提供任何詳細資料，這並不表示此客戶不是您的客戶',
    itSaid: '它表示：',
    legacy: 'PARTNER_CENTER_API 設為 qualifications',
    notFoundTitle: '此租用戶不是您的客戶',
    saidSmallPrint: 'Partner Center 表示：',
  },
] as const;

describe('cards: Partner Center answers from the field', () => {
  for (const l of LANGUAGES) {
    const context = { correlationId: CORRELATION, customerId: CUSTOMER, demo: false, locale: l.locale };

    describe(l.locale, () => {
      it('notAnswered with what the gateway said: quoted once, in a TextRun, and never "not your customer"', () => {
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, description: 'Resource not found', endpoint: 'qualifications' }), context);
        assertValidCard(card);
        assertHasText(card, l.notAnsweredTitle);
        assertContainsText(card, l.notYours);
        assertContainsText(card, `${l.itSaid}Resource not found`);
        assertOutsideInRun(card, 'Resource not found');
        assert.equal(texts(card).filter((t) => t.includes('Resource not found')).length, 1, 'quoted once');
        assertNoText(card, l.notFoundTitle);
        assertNoText(card, l.legacy);
        assertContainsText(card, '404');
      });

      it('notAnswered with an empty body says there were no details', () => {
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, endpoint: 'qualifications' }), context);
        assertValidCard(card);
        assertHasText(card, l.notAnsweredTitle);
        assertContainsText(card, l.noDetails);
        assertNoText(card, l.saidSmallPrint);
      });

      it('notAnswered on the legacy endpoint (PARTNER_CENTER_API=qualification): it may be retired, and how to switch', () => {
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, description: 'Resource not found', endpoint: 'qualification' }), context);
        assertValidCard(card);
        assertHasText(card, l.notAnsweredTitle);
        assertContainsText(card, l.legacy);
        assertContainsText(card, 'PARTNER_CENTER_API=qualification)');
      });

      it('410 Gone on the legacy endpoint says the same; a 410 on the current one does not', () => {
        const legacy = errorCard(pcError('unexpected', { httpStatus: 410, endpoint: 'qualification' }), context);
        assertValidCard(legacy);
        assertContainsText(legacy, l.legacy);
        assertNoText(errorCard(pcError('unexpected', { httpStatus: 410, endpoint: 'qualifications' }), context), l.legacy);
      });

      it('Partner Center’s own 404 on the legacy endpoint stays "not your customer", without the retirement note', () => {
        const card = errorCard(pcError('notFound', { httpStatus: 404, code: 1000, description: 'Not found', endpoint: 'qualification' }), context);
        assertHasText(card, l.notFoundTitle);
        assertNoText(card, l.legacy);
      });

      it('a bare-string body’s text is on the card (small print, in a TextRun)', () => {
        const card = errorCard(pcError('forbidden', { httpStatus: 403, description: 'Customer tagging denied.' }), context);
        assertValidCard(card);
        assertHasText(card, `${l.saidSmallPrint}Customer tagging denied.`);
        assertOutsideInRun(card, 'Customer tagging denied.');
      });

      it('what was said is cleaned like any outside text: one line, no control characters, capped', () => {
        const said = `Resource\u0000 not\r\nfound ${'x'.repeat(1000)}`;
        const card = errorCard(pcError('notAnswered', { httpStatus: 404, description: said }), context);
        assertValidCard(card);
        const quoted = textRuns(card).map((run) => String(run.text)).find((t) => t.startsWith('Resource not found x'));
        assert.ok(quoted !== undefined, texts(card).join('\n'));
        assert.ok(Array.from(quoted).length <= 300);
        assert.doesNotMatch(quoted, /[\u0000\r\n]/);
      });

      it('the summary card’s one-line failure is the notAnswered title', () => {
        assert.equal(failureLine(pcError('notAnswered', { httpStatus: 404 }), messagesFor(l.locale)), l.notAnsweredTitle);
      });
    });
  }
});
