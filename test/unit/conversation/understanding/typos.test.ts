import assert from 'node:assert/strict';
import { isNear, typoAllowance } from '../../../../src/conversation/understanding/typos';

describe('typo tolerance (understanding/typos.ts)', () => {
  it('allows no slip below 5 characters, one from 5 to 9, two from 10', () => {
    assert.deepEqual(['qual', 'check', 'qualifica', 'qualificat', 'qualification'].map(typoAllowance), [0, 1, 1, 2, 2]);
  });

  it('a word is always near itself, even with no allowance', () => {
    assert.equal(isNear('qual', 'qual', 0), true);
    assert.equal(isNear('資格', '資格', 0), true);
  });

  it('within the allowance counts, one more edit does not', () => {
    assert.equal(isNear('chek', 'check', 1), true);
    assert.equal(isNear('chk', 'check', 1), false);
    assert.equal(isNear('qaulifcation', 'qualification', 2), true);
    assert.equal(isNear('dual', 'qual', 0), false);
  });
});
