import assert from 'node:assert/strict';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../src/partnerCenter/errors';

/** Awaits a call that must fail with a PartnerCenterError of `kind`; returns the error. */
export async function failure(promise: Promise<unknown>, kind: PartnerCenterErrorKind): Promise<PartnerCenterError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    assert.ok(error instanceof PartnerCenterError, `expected a PartnerCenterError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} PartnerCenterError, but the call succeeded with ${JSON.stringify(outcome)}`);
}
