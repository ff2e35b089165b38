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

/**
 * What a row must parse to, kind by kind: one tenant id, several, one domain, ids and domains
 * together (`mixed`: a summary card; in the order typed; a GUID is an id, anything else a domain),
 * a company name, entries to name as not valid, nothing readable, help, sign out.
 */
type Expect =
  | { readonly id: string }
  | { readonly ids: ReadonlyArray<string> }
  | { readonly domain: string }
  | { readonly mixed: ReadonlyArray<string> }
  | { readonly name: string }
  | { readonly invalid: ReadonlyArray<string> }
  | { readonly notUnderstood: true }
  | 'help'
  | 'signOut';

/** The command a row expects. */
function expected(text: string, expect: Expect): ParsedCommand {
  if (expect === 'help') return { kind: 'help', reason: 'asked' };
  if (expect === 'signOut') return { kind: 'signOut' };
  if ('id' in expect) return { kind: 'qualification', customerId: tenantId(expect.id) };
  if ('ids' in expect) return { kind: 'bulkQualification', customerIds: expect.ids.map(tenantId) };
  if ('domain' in expect) return { kind: 'qualificationByDomain', domain: customerDomain(expect.domain) };
  if ('mixed' in expect) {
    const targets = expect.mixed.map((t): LookupTarget =>
      /^[0-9a-f-]{36}$/.test(t)
        ? { kind: 'id', customerId: tenantId(t) }
        : { kind: 'domain', domain: customerDomain(t) },
    );
    return { kind: 'mixedQualification', targets };
  }
  if ('name' in expect) return { kind: 'qualificationByName', name: companyName(expect.name) };
  if ('invalid' in expect) return { kind: 'invalidCustomerId', input: text.trim(), invalid: expect.invalid };
  return { kind: 'help', reason: 'unknown', typed: text.trim() };
}

const PHRASINGS: ReadonlyArray<readonly [string, Expect]> = [
  // Issue 13, point 1: each of these fell through to the help card.
  [`qualifcation for ${ID}`, { id: ID }],
  [`qual ${ID}`, { id: ID }],
  [`check ${ID}`, { id: ID }],
  [`Can you check ${ID} please`, { id: ID }],
  [`Tenant ID: ${ID}`, { id: ID }],
  [`Microsoft ID ${ID}`, { id: ID }],
  ['what is the qualification of contoso.onmicrosoft.com?', { domain: 'contoso.onmicrosoft.com' }],
  [LINK, { id: ID }],
  [LOCALE_LINK, { id: ID }],
  [
    'Hi team, a customer called this morning about their renewal and wanted to know where they stand, so could ' +
      `someone please check qualification for ${ID} thanks!`,
    { id: ID },
  ],
  // Issue 13, point 1: rejected though the id was valid.
  [`qualification for tenant ${ID}`, { id: ID }],
  [`qualification for customer ${ID}`, { id: ID }],
  [`qualification for ${ID} contoso.onmicrosoft.com`, { mixed: [ID, 'contoso.onmicrosoft.com'] }],
  [`qualification for ${LINK}`, { id: ID }],
  [`qualification for ${LOCALE_LINK}`, { id: ID }],
  // Issue 13, point 2.
  ['qualification for Contoso School District', { name: 'Contoso School District' }],
  // More ids, domains and links, wherever they stand.
  [`Tenant ID:${ID}`, { id: ID }],
  [`tenant id=${ID}`, { id: ID }],
  [`customer:{${ID.toUpperCase()}}`, { id: ID }],
  [`@Qualification Check qualification for ${ID}`, { id: ID }],
  [`<at>Bob</at> could you look at ${ID} for me?`, { id: ID }],
  [`qualificaiton for ${ID}`, { id: ID }],
  [`QUALIFICATION STATUS OF ${ID.toUpperCase()}!!`, { id: ID }],
  [`${ID}, ${ID2} and contoso.com`, { mixed: [ID, ID2, 'contoso.com'] }],
  [
    `status of contoso.onmicrosoft.com and fabrikam.onmicrosoft.com?`,
    { mixed: ['contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com'] },
  ],
  [`see ${LINK} and ${ID2}`, { ids: [ID, ID2] }],
  [`(${LINK})`, { id: ID }],
  [`partner.microsoft.com/en-gb/dashboard/commerce2/customers/${ID}/subscriptions`, { id: ID }],
  [`<a href="${LINK}">${LINK}</a>`, { id: ID }],
  [`“${ID}”`, { id: ID }],
  [`${ID}\n${ID2}\n`, { ids: [ID, ID2] }],
  [`pls chek ${ID} & ${ID}`, { id: ID }],
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
  [`查詢${ID}的資格`, { id: ID }],
  [`請幫我查一下 contoso.onmicrosoft.com 的資格，謝謝`, { domain: 'contoso.onmicrosoft.com' }],
  [`資格：${ID}、${ID2}`, { ids: [ID, ID2] }],
  [`租用戶識別碼：${ID}`, { id: ID }],
  [`這個客戶的狀態 ${LINK}`, { id: ID }],
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
