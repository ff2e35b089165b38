import assert from 'node:assert/strict';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import { searchPreview, unfurlCard } from '../../../src/cards/searchResults';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import { customerDomain, tenantId } from '../../helpers/ids';
import { educationLookup } from '../../helpers/stubSource';

const A = '00000000-0000-4000-8000-00000000000a';

describe("the message extension's previews and unfurled cards", () => {
  it('a preview: company, domain, the qualification at a glance; markup-looking characters made inert', () => {
    const preview = searchPreview(
      {
        customerId: A,
        lookup: educationLookup(A),
        customer: { id: tenantId(A), companyName: '<b>Bold</b> & Co', domain: customerDomain('bold.com') },
      },
      { locale: 'en-US', demo: false, userSignIn: false },
    );
    assert.deepEqual(preview, { title: '‹b›Bold‹/b› & Co', subtitle: 'bold.com', text: 'Education (Approved)' });
  });

  it("a preview without a name: the tenant id; a failure: the error card's title; zh-TW", () => {
    const failed = searchPreview(
      { customerId: A, error: new PartnerCenterError('notFound', 'x', { correlationId: 'c', httpStatus: 404 }) },
      { locale: 'zh-TW', demo: true, userSignIn: false },
    );
    assert.equal(failed.title, A);
    assert.equal(failed.subtitle, '');
    assert.match(failed.text, /^示範資料 · /);
  });

  it('unfurled: version 1.3, Action.Execute becomes its Action.Submit fallback, the original unchanged', () => {
    const card = qualificationCard(educationLookup(A), { locale: 'en-US', demo: false });
    const before = JSON.stringify(card);
    const unfurled = unfurlCard(card);
    assert.equal(unfurled.version, '1.3');
    const actions = unfurled.actions as { type: string; data?: { verb?: string } }[];
    assert.ok(actions.every((a) => a.type !== 'Action.Execute'));
    assert.ok(
      actions.some((a) => a.type === 'Action.Submit' && a.data?.verb !== undefined),
      'Refresh stays, as a submit',
    );
    assert.equal(JSON.stringify(card), before);
    assert.doesNotMatch(JSON.stringify(unfurled), /Action\.Execute/);
  });

  it('an Action.Execute without a fallback is left out', () => {
    const unfurled = unfurlCard({
      type: 'AdaptiveCard',
      version: '1.4',
      body: [],
      actions: [
        { type: 'Action.Execute', verb: 'x' },
        { type: 'Action.OpenUrl', url: 'https://example.com' },
      ],
    });
    assert.deepEqual(unfurled.actions, [{ type: 'Action.OpenUrl', url: 'https://example.com' }]);
  });
});
