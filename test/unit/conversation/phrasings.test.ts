import assert from 'node:assert/strict';
import { parseCommand, type ParsedCommand } from '../../../src/conversation/commandParser';
import type { LookupTarget } from '../../../src/lookup/lookupRequest';
import { companyName, customerDomain, tenantId } from '../../helpers/ids';

/**
 * Every phrasing of issue 13 (and more, in English and Chinese), with what the bot must find in
 * it: the tenant ids and domains (in order), the company name, the entries it must name as not
 * valid, or — when there is nothing it can read — that it says so on the help card.
 */

const ID = '3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b';
const ID2 = '00000000-0000-4000-8000-000000000004';
const LINK = `https://partner.microsoft.com/dashboard/commerce2/customers/${ID}/account`;
const LOCALE_LINK = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${ID}/account`;

type Expect =
  | { readonly find: ReadonlyArray<string> }
  | { readonly name: string }
  | { readonly invalid: ReadonlyArray<string> }
  | { readonly notUnderstood: true }
  | 'help'
  | 'signOut';

/** The command a row expects: targets are ids (GUIDs) or domains, in the order given. */
function expected(text: string, expect: Expect): ParsedCommand {
  if (expect === 'help') return { kind: 'help', reason: 'asked' };
  if (expect === 'signOut') return { kind: 'signOut' };
  if ('name' in expect) return { kind: 'qualificationByName', name: companyName(expect.name) };
  if ('invalid' in expect) return { kind: 'invalidCustomerId', input: text.trim(), invalid: expect.invalid };
  if ('notUnderstood' in expect) return { kind: 'help', reason: 'unknown', typed: text.trim() };
  const targets = expect.find.map((t): LookupTarget =>
    /^[0-9a-f-]{36}$/.test(t) ? { kind: 'id', customerId: tenantId(t) } : { kind: 'domain', domain: customerDomain(t) },
  );
  const ids = targets.flatMap((t) => (t.kind === 'id' ? [t.customerId] : []));
  const [first] = targets;
  if (ids.length === targets.length) {
    return ids.length === 1
      ? { kind: 'qualification', customerId: ids[0] }
      : { kind: 'bulkQualification', customerIds: ids };
  }
  if (targets.length === 1 && first?.kind === 'domain') return { kind: 'qualificationByDomain', domain: first.domain };
  return { kind: 'mixedQualification', targets };
}

const PHRASINGS: ReadonlyArray<readonly [string, Expect]> = [
  // Issue 13, point 1: each of these fell through to the help card.
  [`qualifcation for ${ID}`, { find: [ID] }],
  [`qual ${ID}`, { find: [ID] }],
  [`check ${ID}`, { find: [ID] }],
  [`Can you check ${ID} please`, { find: [ID] }],
  [`Tenant ID: ${ID}`, { find: [ID] }],
  [`Microsoft ID ${ID}`, { find: [ID] }],
  ['what is the qualification of contoso.onmicrosoft.com?', { find: ['contoso.onmicrosoft.com'] }],
  [LINK, { find: [ID] }],
  [LOCALE_LINK, { find: [ID] }],
  [
    'Hi team, a customer called this morning about their renewal and wanted to know where they stand, so could ' +
      `someone please check qualification for ${ID} thanks!`,
    { find: [ID] },
  ],
  // Issue 13, point 1: rejected though the id was valid.
  [`qualification for tenant ${ID}`, { find: [ID] }],
  [`qualification for customer ${ID}`, { find: [ID] }],
  [`qualification for ${ID} contoso.onmicrosoft.com`, { find: [ID, 'contoso.onmicrosoft.com'] }],
  [`qualification for ${LINK}`, { find: [ID] }],
  [`qualification for ${LOCALE_LINK}`, { find: [ID] }],
  // Issue 13, point 2.
  ['qualification for Contoso School District', { name: 'Contoso School District' }],
  // More ids, domains and links, wherever they stand.
  [`Tenant ID:${ID}`, { find: [ID] }],
  [`tenant id=${ID}`, { find: [ID] }],
  [`customer:{${ID.toUpperCase()}}`, { find: [ID] }],
  [`@Qualification Check qualification for ${ID}`, { find: [ID] }],
  [`<at>Bob</at> could you look at ${ID} for me?`, { find: [ID] }],
  [`qualificaiton for ${ID}`, { find: [ID] }],
  [`QUALIFICATION STATUS OF ${ID.toUpperCase()}!!`, { find: [ID] }],
  [`${ID}, ${ID2} and contoso.com`, { find: [ID, ID2, 'contoso.com'] }],
  [
    `status of contoso.onmicrosoft.com and fabrikam.onmicrosoft.com?`,
    { find: ['contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com'] },
  ],
  [`see ${LINK} and ${ID2}`, { find: [ID, ID2] }],
  [`(${LINK})`, { find: [ID] }],
  [`partner.microsoft.com/en-gb/dashboard/commerce2/customers/${ID}/subscriptions`, { find: [ID] }],
  [`<a href="${LINK}">${LINK}</a>`, { find: [ID] }],
  [`“${ID}”`, { find: [ID] }],
  [`${ID}\n${ID2}\n`, { find: [ID, ID2] }],
  [`pls chek ${ID} & ${ID}`, { find: [ID] }],
  // Company names.
  ['Can you check the qualification for Contoso School District please?', { name: 'Contoso School District' }],
  ['qual Bellows College', { name: 'Bellows College' }],
  ['chek Fabrikam', { name: 'Fabrikam' }],
  ['qualificaton of Fabrikam University?', { name: 'Fabrikam University' }],
  ['Contoso School District qualification?', { name: 'Contoso School District' }],
  ['qualification for The Contoso Corporation', { name: 'The Contoso Corporation' }],
  ['what is the qualification of the Litware Community Foundation', { name: 'Litware Community Foundation' }],
  ['qualification for School of Fine Art', { name: 'School of Fine Art' }],
  ['qualification for Margie’s Travel', { name: "Margie's Travel" }],
  ['qualification for Proseware, Inc.', { name: 'Proseware, Inc' }],
  ['qualification for “Adventure Works Academy”', { name: 'Adventure Works Academy' }],
  ['check customer named Tailspin County', { name: 'Tailspin County' }],
  ['lookup Woodgrove', { name: 'Woodgrove' }],
  ['lookpu Woodgrove', { name: 'Woodgrove' }],
  ['cehck Woodgrove', { name: 'Woodgrove' }],
  ['qaulifcation for Woodgrove', { name: 'Woodgrove' }],
  ['eligibilty Woodgrove', { name: 'Woodgrove' }],
  ['eligibility of Lamna State College', { name: 'Lamna State College' }],
  // Traditional (and Simplified) Chinese.
  [`查詢${ID}的資格`, { find: [ID] }],
  [`請幫我查一下 contoso.onmicrosoft.com 的資格，謝謝`, { find: ['contoso.onmicrosoft.com'] }],
  [`資格：${ID}、${ID2}`, { find: [ID, ID2] }],
  [`租用戶識別碼：${ID}`, { find: [ID] }],
  [`這個客戶的狀態 ${LINK}`, { find: [ID] }],
  ['請查詢台北市立大學的資格', { name: '台北市立大學' }],
  ['資格 Contoso School District', { name: 'Contoso School District' }],
  ['Contoso 的資格', { name: 'Contoso' }],
  ['查詢姿格 Fabrikam', { name: 'Fabrikam' }],
  ['資格查洵 Fabrikam', { name: 'Fabrikam' }],
  ['查资格 台湾大学', { name: '台湾大学' }],
  ['麻煩查一下台灣大哥大公司的資格', { name: '台灣大哥大' }],
  // Things typed as an id or a link that are not one: named, nothing looked up.
  [`qualification for ${ID.slice(0, -1)}`, { invalid: [ID.slice(0, -1)] }],
  ['qualification for 3f2b6c1e-8a4d', { invalid: ['3f2b6c1e-8a4d'] }],
  ['3f2b6c1e-', { invalid: ['3f2b6c1e-'] }],
  [`qualification for ${ID}/../../partners`, { invalid: [`${ID}/../../partners`] }],
  [`${ID} and ${ID2.replace('4', 'x')}`, { invalid: [ID2.replace('4', 'x')] }],
  [
    'https://partner.microsoft.com/dashboard/commerce2/customers/list',
    { invalid: ['https://partner.microsoft.com/dashboard/commerce2/customers/list'] },
  ],
  ['qualification for 1234', { invalid: ['1234'] }],
  ['qualification for [click](https://evil.example)', { invalid: ['[click](https://evil.example)'] }],
  ['qualification for', { invalid: [] }],
  ['check the status please', { invalid: [] }],
  ['資格', { invalid: [] }],
  // Help and sign out keep priority as the whole message.
  ['help', 'help'],
  ['help please', 'help'],
  ['Hi!', 'help'],
  ['?', 'help'],
  ['說明', 'help'],
  ['你好', 'help'],
  ['sign out', 'signOut'],
  ['please log out', 'signOut'],
  ['登出', 'signOut'],
  // Nothing the bot can read: the help card says so.
  ['what is the weather', { notUnderstood: true }],
  ['Contoso School District', { notUnderstood: true }],
  ['thanks!', { notUnderstood: true }],
  ['hepl', { notUnderstood: true }],
  ['問題', { notUnderstood: true }],
  ['https://contoso.sharepoint.com/sites/sales', { notUnderstood: true }],
];

describe('what people type (issue 13): every phrasing and what the bot finds in it', () => {
  for (const [text, expect] of PHRASINGS) {
    it(`${JSON.stringify(text).slice(0, 110)} → ${JSON.stringify(expect).slice(0, 80)}`, () => {
      assert.deepEqual(parseCommand(text), expected(text, expect));
    });
  }
});
