import assert from 'node:assert/strict';
import { parseSearchQuery } from '../../../../src/conversation/understanding/searchQuery';
import { customerOfPartnerCenterLink } from '../../../../src/conversation/understanding/partnerCenterLink';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('the search box: what was typed', () => {
  const cases: readonly [unknown, object][] = [
    [A, { kind: 'ids', customerIds: [A] }],
    [`{${A.toUpperCase()}}`, { kind: 'ids', customerIds: [A] }],
    [`${A}, ${B}`, { kind: 'ids', customerIds: [A, B] }],
    ['contoso.onmicrosoft.com', { kind: 'domain', domain: 'contoso.onmicrosoft.com' }],
    ['Contoso School District', { kind: 'name', name: 'Contoso School District' }],
    ['qualification for Contoso', { kind: 'name', name: 'Contoso' }],
    ['help', { kind: 'name', name: 'help' }],
    ['', { kind: 'hint', reason: 'empty' }],
    [undefined, { kind: 'hint', reason: 'empty' }],
    [42, { kind: 'hint', reason: 'empty' }],
    ['ab', { kind: 'hint', reason: 'tooShort' }],
    ['台積', { kind: 'hint', reason: 'tooShort' }],
    ['台積電', { kind: 'name', name: '台積電' }],
    ['00000000-0000-4000', { kind: 'hint', reason: 'notUnderstood' }],
    [`${A} contoso.com`, { kind: 'hint', reason: 'oneAtATime' }],
  ];
  for (const [typed, expected] of cases) {
    it(`${JSON.stringify(typed)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseSearchQuery(typed, 10), expected);
    });
  }

  it('more tenant ids than the limit: a hint', () => {
    const ids = Array.from({ length: 4 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`).join(' ');
    assert.deepEqual(parseSearchQuery(ids, 3), { kind: 'hint', reason: 'tooMany' });
  });
});

describe('a pasted Partner Center link: whose customer page it is', () => {
  const customerPages = [
    `https://partner.microsoft.com/dashboard/commerce2/customers/${A}/account`,
    `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${A}/subscriptions?tab=1`,
    `https://PARTNER.microsoft.com/zh-hant-tw/dashboard/commerce2/customers/${A.toUpperCase()}`,
    `https://partner.microsoft.com/dashboard/commerce2/customers/%7B${A}%7D/account`,
  ];
  for (const link of customerPages) {
    it(`${link} → the customer`, () => assert.equal(customerOfPartnerCenterLink(link), A));
  }

  const others = [
    'https://partner.microsoft.com/dashboard/home',
    'https://partner.microsoft.com/dashboard/commerce2/customers',
    'https://partner.microsoft.com/dashboard/commerce2/customers/not-a-guid/account',
    `https://partner.microsoft.com/en-us/extra/dashboard/commerce2/customers/${A}/account`,
    `https://evil.example/partner.microsoft.com/dashboard/commerce2/customers/${A}`,
    `https://partner.microsoft.com.evil.example/dashboard/commerce2/customers/${A}`,
    `https://user:pw@partner.microsoft.com/dashboard/commerce2/customers/${A}`,
    `http://partner.microsoft.com/dashboard/commerce2/customers/${A}`,
    `https://partner.microsoft.com/dashboard/commerce2/customers/${A}${'/x'.repeat(1100)}`,
    'not a link',
    undefined,
  ];
  for (const link of others) {
    it(`${String(link).slice(0, 100)} → none`, () => assert.equal(customerOfPartnerCenterLink(link), undefined));
  }
});
