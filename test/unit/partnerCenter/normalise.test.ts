import assert from 'node:assert/strict';
import { MalformedQualificationError, normaliseQualifications } from '../../../src/partnerCenter/normalise';
import type { Qualification } from '../../../src/partnerCenter/types';
import {
  BARE_STRING_ERROR_FIXTURES,
  ERROR_FIXTURES,
  OTHER_FIXTURES,
  QUALIFICATION_FIXTURES,
  assertFixtureDirectory,
  fixtureFiles,
  fixtureJson,
} from '../../helpers/fakePartnerCenterFixtures';

const EDUCATION = { name: 'Education', known: 'Education' } as const;
const NONPROFIT = { name: 'Nonprofit', known: 'Nonprofit' } as const;
const GCC = { name: 'GovernmentCommunityCloud', known: 'GovernmentCommunityCloud' } as const;
const SOE = { name: 'StateOwnedEntity', known: 'StateOwnedEntity' } as const;

function rejects(body: unknown, message?: RegExp): void {
  assert.throws(
    () => normaliseQualifications(body),
    (error: unknown) => {
      assert.ok(
        error instanceof MalformedQualificationError,
        `expected MalformedQualificationError, got ${String(error)}`,
      );
      assert.equal(error.name, 'MalformedQualificationError');
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

describe('normaliseQualifications', () => {
  describe('every qualification answer in test/fixtures/partner-center', () => {
    before(() => assertFixtureDirectory());

    for (const [file, expected] of Object.entries(QUALIFICATION_FIXTURES)) {
      it(`reads ${file}`, () => {
        assert.deepEqual(normaliseQualifications(fixtureJson(file)), expected);
      });
    }

    for (const file of [...OTHER_FIXTURES, ...Object.keys(ERROR_FIXTURES)]) {
      it(`refuses ${file} (not a qualification answer)`, () => {
        rejects(fixtureJson(file));
      });
    }

    it('knows every fixture file there is (a new one must be classified here)', () => {
      const classified = new Set([
        ...Object.keys(QUALIFICATION_FIXTURES),
        ...Object.keys(ERROR_FIXTURES),
        ...Object.keys(BARE_STRING_ERROR_FIXTURES),
        ...OTHER_FIXTURES,
      ]);
      const present = fixtureFiles();
      assert.deepEqual(
        present.filter((f) => !classified.has(f)),
        [],
        'unclassified fixture(s): add them to test/helpers/fakePartnerCenterFixtures.ts',
      );
      assert.deepEqual(
        [...classified].filter((f) => !present.includes(f)),
        [],
        'classified fixture(s) missing from test/fixtures/partner-center',
      );
    });
  });

  describe('shapes', () => {
    const cases: ReadonlyArray<{
      readonly name: string;
      readonly body: unknown;
      readonly expected: readonly Qualification[];
    }> = [
      // Legacy bare strings (§1.3, §1.8): the docs' spelling, the SWAGGER enum and the SDK enum.
      { name: 'legacy "education"', body: 'education', expected: [EDUCATION] },
      { name: 'legacy "nonprofit"', body: 'nonprofit', expected: [NONPROFIT] },
      { name: 'legacy "governmentcommunitycloud"', body: 'governmentcommunitycloud', expected: [GCC] },
      { name: 'legacy snake_case "government_community_cloud"', body: 'government_community_cloud', expected: [GCC] },
      { name: 'PascalCase "GovernmentCommunityCloud"', body: 'GovernmentCommunityCloud', expected: [GCC] },
      { name: 'upper case "EDUCATION"', body: 'EDUCATION', expected: [EDUCATION] },
      { name: 'spaced "Government Community Cloud"', body: 'Government Community Cloud', expected: [GCC] },
      { name: 'kebab "state-owned-entity"', body: 'state-owned-entity', expected: [SOE] },
      { name: 'surrounding whitespace " education\\n"', body: ' education\n', expected: [EDUCATION] },
      // None means no qualification, in every shape.
      { name: 'legacy "none"', body: 'none', expected: [] },
      { name: 'legacy "None"', body: 'None', expected: [] },
      { name: '[{"qualification":"None"}]', body: [{ qualification: 'None' }], expected: [] },
      { name: '[{"qualification":"none"}] lower case', body: [{ qualification: 'none' }], expected: [] },
      {
        name: 'None with a vetting status and reason is kept (a request that was turned down)',
        body: [{ qualification: 'None', vettingStatus: 'Denied', vettingReason: 'Not an Education Customer' }],
        expected: [
          { name: 'None', known: 'None', vettingStatus: 'Denied', vettingReason: 'Not an Education Customer' },
        ],
      },
      {
        name: 'None with only a reason, or only a date, is kept',
        body: [
          { qualification: 'none', vettingReason: 'Withdrawn' },
          { qualification: 'None', vettingCreatedDate: '2024-01-02T03:04:05Z' },
        ],
        expected: [
          { name: 'None', known: 'None', vettingReason: 'Withdrawn' },
          { name: 'None', known: 'None', vettingCreateDate: '2024-01-02T03:04:05Z' },
        ],
      },
      {
        name: 'None with blank vetting fields is still bare (dropped)',
        body: [{ qualification: 'None', vettingStatus: ' ', vettingReason: '', vettingCreateDate: null }],
        expected: [],
      },
      {
        name: 'None in PascalCase, single object, with a status (change-log shape)',
        body: { Qualification: 'None', VettingStatus: 'Denied' },
        expected: [{ name: 'None', known: 'None', vettingStatus: 'Denied' }],
      },
      {
        name: 'None beside a real qualification is dropped',
        body: [{ qualification: 'None' }, { qualification: 'Education', vettingStatus: 'Approved' }],
        expected: [{ ...EDUCATION, vettingStatus: 'Approved' }],
      },
      { name: 'empty list', body: [], expected: [] },
      // Plural GET (§1.5) in both date spellings.
      {
        name: 'vettingCreatedDate (D-GET spelling)',
        body: [
          { qualification: 'Education', vettingStatus: 'InReview', vettingCreatedDate: '2020-12-03T10:37:38.885Z' },
        ],
        expected: [{ ...EDUCATION, vettingStatus: 'InReview', vettingCreateDate: '2020-12-03T10:37:38.885Z' }],
      },
      {
        name: 'vettingCreateDate (SDK/SWAGGER spelling)',
        body: [{ qualification: 'Education', vettingStatus: 'InReview', vettingCreateDate: '2020-12-04T20:54:24Z' }],
        expected: [{ ...EDUCATION, vettingStatus: 'InReview', vettingCreateDate: '2020-12-04T20:54:24Z' }],
      },
      // Swagger wrapper and the collection shape.
      {
        name: 'Swagger wrapper {"qualifications":[...]}',
        body: {
          qualifications: [
            { qualification: 'Education', vettingStatus: 'Approved' },
            { qualification: 'StateOwnedEntity' },
          ],
        },
        expected: [{ ...EDUCATION, vettingStatus: 'Approved' }, SOE],
      },
      { name: 'Swagger wrapper, empty', body: { qualifications: [] }, expected: [] },
      {
        name: 'PascalCase wrapper {"Qualifications":[...]}',
        body: { Qualifications: [{ Qualification: 'StateOwnedEntity' }] },
        expected: [SOE],
      },
      {
        name: 'collection {"totalCount":1,"items":[...]}',
        body: { totalCount: 1, items: [{ qualification: 'Nonprofit' }], attributes: { objectType: 'Collection' } },
        expected: [NONPROFIT],
      },
      // The change log's pre-release shape (§1.8): a single PascalCase object with a non-ISO date.
      {
        name: 'PascalCase single object with VettingCreatedDate',
        body: {
          Qualification: 'Education',
          VettingStatus: 'Denied',
          VettingReason: 'Not an Education Customer',
          VettingCreatedDate: '07/09/2020: 00:00:00',
        },
        expected: [
          {
            ...EDUCATION,
            vettingStatus: 'Denied',
            vettingReason: 'Not an Education Customer',
            vettingCreateDate: '07/09/2020: 00:00:00',
          },
        ],
      },
      {
        name: 'PascalCase list',
        body: [
          {
            Qualification: 'GovernmentCommunityCloud',
            VettingStatus: 'Approved',
            VettingCreateDate: '2021-05-06T19:59:56Z',
          },
        ],
        expected: [{ ...GCC, vettingStatus: 'Approved', vettingCreateDate: '2021-05-06T19:59:56Z' }],
      },
      {
        name: 'SHOUTING keys',
        body: [{ QUALIFICATION: 'education', VETTINGSTATUS: 'Approved' }],
        expected: [{ ...EDUCATION, vettingStatus: 'Approved' }],
      },
      { name: 'single object (POST 201 shape)', body: { qualification: 'StateOwnedEntity' }, expected: [SOE] },
      { name: 'a list of bare strings', body: ['education', 'state_owned_entity'], expected: [EDUCATION, SOE] },
      // Unknown values are kept exactly, never mapped to None.
      {
        name: 'unknown "HealthcareProvider"',
        body: [{ qualification: 'HealthcareProvider' }],
        expected: [{ name: 'HealthcareProvider' }],
      },
      { name: 'unknown bare string', body: 'HealthcareProvider', expected: [{ name: 'HealthcareProvider' }] },
      {
        name: 'unknown value with vetting info',
        body: [{ qualification: 'HealthcareProvider', vettingStatus: 'PendingReview' }],
        expected: [{ name: 'HealthcareProvider', vettingStatus: 'PendingReview' }],
      },
      {
        name: 'unknown value is trimmed',
        body: [{ qualification: '  HealthcareProvider \t' }],
        expected: [{ name: 'HealthcareProvider' }],
      },
      { name: 'qualification name with whitespace', body: [{ qualification: '  Education  ' }], expected: [EDUCATION] },
      // Odd field values.
      {
        name: 'a numeric vettingStatus becomes text',
        body: [{ qualification: 'Education', vettingStatus: 2 }],
        expected: [{ ...EDUCATION, vettingStatus: '2' }],
      },
      {
        name: 'null and blank vetting fields are left out',
        body: [{ qualification: 'Education', vettingStatus: null, vettingReason: '   ', vettingCreateDate: '' }],
        expected: [EDUCATION],
      },
      {
        name: 'unrelated extra properties are ignored',
        body: [{ qualification: 'Education', educationSegment: 'K12', website: 'contoso.edu', id: 7 }],
        expected: [EDUCATION],
      },
    ];

    for (const { name, body, expected } of cases) {
      it(`reads ${name}`, () => {
        assert.deepEqual(normaliseQualifications(body), expected);
      });
    }

    it('sets `known` only for documented values (the property is absent otherwise)', () => {
      const [unknown] = normaliseQualifications([{ qualification: 'HealthcareProvider' }]);
      assert.ok(unknown);
      assert.equal(unknown.known, undefined);
      assert.equal(Object.hasOwn(unknown, 'known'), false);
      const [known] = normaliseQualifications('education');
      assert.equal(known?.known, 'Education');
    });

    it('does not mutate its input', () => {
      const body = [{ qualification: ' education ', vettingStatus: 'Approved' }];
      const copy = structuredClone(body);
      normaliseQualifications(body);
      assert.deepEqual(body, copy);
    });
  });

  describe('bodies that are not a qualification answer', () => {
    const malformed: ReadonlyArray<{ readonly name: string; readonly body: unknown; readonly message?: RegExp }> = [
      { name: 'null', body: null },
      { name: 'undefined', body: undefined },
      { name: 'a number', body: 42 },
      { name: 'a boolean', body: true },
      { name: 'an empty string', body: '', message: /empty/ },
      { name: 'a blank string', body: '   ', message: /empty/ },
      { name: '{"foo":1}', body: { foo: 1 } },
      { name: 'an empty object', body: {} },
      { name: '[1,2]', body: [1, 2], message: /not an object/ },
      { name: '[null]', body: [null], message: /not an object/ },
      { name: 'a nested list', body: [[{ qualification: 'Education' }]], message: /not an object/ },
      { name: 'an entry that is not an object beside a good one', body: [{ qualification: 'Education' }, 7] },
      { name: 'an entry without qualification', body: [{ vettingStatus: 'Approved' }], message: /no "qualification"/ },
      { name: 'an entry with qualification null', body: [{ qualification: null }], message: /no "qualification"/ },
      { name: 'an entry with a blank qualification', body: [{ qualification: '  ' }], message: /no "qualification"/ },
      { name: 'an empty bare string in a list', body: [''], message: /empty/ },
      {
        name: 'a qualification that is an object',
        body: [{ qualification: { value: 'Education' } }],
        message: /not text/,
      },
      {
        name: 'a vettingStatus that is an object',
        body: [{ qualification: 'Education', vettingStatus: {} }],
        message: /vettingStatus/,
      },
      {
        name: 'a vettingReason that is a list',
        body: [{ qualification: 'Education', vettingReason: ['x'] }],
        message: /vettingReason/,
      },
      { name: 'a wrapper that is not a list', body: { qualifications: 'education' } },
      { name: 'a wrapper whose entries are not objects', body: { qualifications: [1] }, message: /not an object/ },
      {
        name: 'a PartnerFD error body',
        body: { code: 20002, description: 'No relationship', data: [], source: 'PartnerFD' },
      },
    ];

    for (const { name, body, message } of malformed) {
      it(`refuses ${name}`, () => rejects(body, message));
    }
  });
});
