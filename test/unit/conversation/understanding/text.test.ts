import assert from 'node:assert/strict';
import { MAX_PARSED_LENGTH, clean } from '../../../../src/conversation/understanding/text';

describe('cleaning a message (understanding/text.ts)', () => {
  it('white space of any kind and length becomes one space; leading spaces and slashes go', () => {
    assert.equal(clean('a \n\t  b'), 'a b');
    assert.equal(clean('  //／check'), 'check');
  });

  it('an @mention becomes a space, so the words around it stay apart', () => {
    assert.equal(clean('check<at>Qualification Bot</at>contoso.com'), 'check contoso.com');
  });

  it('an HTML link counts by its address, whatever attributes stand before or after href', () => {
    assert.equal(clean('<a class="x" href="https://a.example/c">link</a>'), 'https://a.example/c');
    assert.equal(clean('<a href="https://a.example/c" target="_blank">link</a>'), 'https://a.example/c');
  });

  it(`reads at most ${MAX_PARSED_LENGTH} characters`, () => {
    assert.equal(clean('x'.repeat(MAX_PARSED_LENGTH + 50)).length, MAX_PARSED_LENGTH);
  });
});
