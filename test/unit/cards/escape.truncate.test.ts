import assert from 'node:assert/strict';
import { sanitizeText, truncate } from '../../../src/cards/escape';

describe('truncate: where the cut falls', () => {
  it('leaves no space before the ellipsis when it cuts right after a word', () => {
    assert.equal(sanitizeText('Contoso Ltd', 9), 'Contoso…');
    assert.equal(truncate('Contoso   Ltd', 11), 'Contoso…');
  });

  it('keeps what comes before the cut as it was, leading spaces included', () => {
    assert.equal(truncate('  indented text', 7), '  inde…');
  });
});
