import assert from 'node:assert/strict';
import { changesBetween, isFinal, stateOf, type WatchState } from '../../../src/watch/changes';
import type { Qualification, QualificationLookup } from '../../../src/partnerCenter/types';
import { tenantId } from '../../helpers/ids';

const ID = tenantId('00000000-0000-4000-8000-000000000001');

function lookup(...qualifications: Qualification[]): QualificationLookup {
  return {
    customerId: ID,
    qualifications,
    fetchedAt: new Date(),
    correlationId: 'c',
    requestId: 'r',
    api: 'qualifications',
  };
}

const inReview: Qualification = { name: 'Education', known: 'Education', vettingStatus: 'InReview' };
const approved: Qualification = { ...inReview, vettingStatus: 'Approved', vettingCreateDate: '2026-01-05' };

describe('watch: what changed between two checks (what the result card would show)', () => {
  it('the same answer in another order, at another time, with other ids: no change', () => {
    const gcc: Qualification = {
      name: 'GovernmentCommunityCloud',
      known: 'GovernmentCommunityCloud',
      vettingStatus: 'InReview',
    };
    const first = stateOf(lookup(inReview, gcc));
    const again = stateOf({ ...lookup(gcc, inReview), fetchedAt: new Date(0), correlationId: 'other', requestId: 'x' });
    assert.deepEqual(changesBetween(first, again), []);
  });

  it('In review → Approved (with its date) is one change, from → to', () => {
    const changes = changesBetween(stateOf(lookup(inReview)), stateOf(lookup(approved)));
    assert.deepEqual(changes, [
      {
        kind: 'changed',
        from: { name: 'Education', status: 'InReview' },
        to: { name: 'Education', status: 'Approved', date: '2026-01-05' },
      },
    ]);
  });

  it('a qualification added, one removed, a reason or a date changed: each is a change', () => {
    const soe: Qualification = { name: 'StateOwnedEntity', known: 'StateOwnedEntity' };
    assert.deepEqual(changesBetween(stateOf(lookup(inReview)), stateOf(lookup(inReview, soe))), [
      { kind: 'added', to: { name: 'StateOwnedEntity' } },
    ]);
    assert.deepEqual(changesBetween(stateOf(lookup(inReview, soe)), stateOf(lookup(soe))), [
      { kind: 'removed', from: { name: 'Education', status: 'InReview' } },
    ]);
    const denied = { ...inReview, vettingStatus: 'Denied', vettingReason: 'Not a school' };
    const deniedAgain = { ...denied, vettingReason: 'Not an accredited school' };
    assert.equal(changesBetween(stateOf(lookup(denied)), stateOf(lookup(deniedAgain))).length, 1);
    assert.equal(
      changesBetween(stateOf(lookup(approved)), stateOf(lookup({ ...approved, vettingCreateDate: '2026-02-01' })))
        .length,
      1,
    );
  });

  it('a bare None is no qualification: [] and [None] are the same state', () => {
    assert.deepEqual(changesBetween(stateOf(lookup()), stateOf(lookup({ name: 'None', known: 'None' }))), []);
  });

  it('final: every vetted qualification Approved or Denied (any case); In review, unknown or no vetting is not', () => {
    const state = (...statuses: Array<string | undefined>): WatchState =>
      statuses.map((status, i) => ({ name: `Q${i}`, ...(status !== undefined && { status }) }));
    assert.equal(isFinal(state('Approved')), true);
    assert.equal(isFinal(state('denied')), true);
    assert.equal(isFinal(state('Approved', undefined)), true, 'a state-owned entity has no vetting');
    assert.equal(isFinal(state('Approved', 'InReview')), false);
    assert.equal(isFinal(state('NotStarted')), false);
    assert.equal(isFinal(state(undefined)), false);
    assert.equal(isFinal([]), false);
  });
});
