import assert from 'node:assert/strict';
import { failureFields } from '../../../src/lookup/audit';
import { lineScrubber } from '../../../src/shared/logger';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import { scrubCredentials, scrubForDisplay } from '../../../src/shared/scrub';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';

describe('scrubbing outside text (src/shared/scrub.ts)', () => {
  it(
    'scrubCredentials removes Bearer credentials, JWT-shaped strings and name=value credentials, and ' +
      'leaves the rest',
    () => {
      assert.equal(
        scrubCredentials(
          `Authorization: Bearer abc.DEF-123_xyz== then ${JWT}, access_token=tok123&x=1 password=hunter22 sig=AbC%3D`,
        ),
        'Authorization: Bearer [redacted] then [redacted], access_token=[redacted]&x=1 password=[redacted] ' +
          'sig=[redacted]',
      );
      assert.equal(
        scrubCredentials('Customer not found at https://api.example/v1/customers/1'),
        'Customer not found at https://api.example/v1/customers/1',
      );
    },
  );

  it('scrubForDisplay also removes URLs of any scheme and www. addresses, keeping the punctuation after them', () => {
    assert.equal(
      scrubForDisplay(
        'See https://10.0.0.5:8443/debug?id=1, ftp://files.internal/x and www.contoso-intranet.example/kb. Bearer abcdefgh12345678',
      ),
      'See [redacted], [redacted] and [redacted]. Bearer [redacted]',
    );
    assert.equal(
      scrubForDisplay('Invalid customer id (path: /v1/customers).'),
      'Invalid customer id (path: /v1/customers).',
    );
  });

  it('the log scrubber is the same scrubbing, and keeps a JSON line valid', () => {
    const line = JSON.stringify({ msg: `failed: Bearer abcdefgh12345678 "quoted" password=abc"def ${JWT}` });
    const scrubbed = lineScrubber([])(line);
    assert.equal(
      (JSON.parse(scrubbed) as { msg: string }).msg,
      scrubCredentials((JSON.parse(line) as { msg: string }).msg),
    );
    assert.doesNotMatch(scrubbed, /abcdefgh12345678|eyJ/);
  });

  it("the audit line keeps Partner Center's whole description (URLs included), without credentials", () => {
    const description = `Backend https://internal.example/x failed; token ${JWT}`;
    const fields = failureFields(
      new PartnerCenterError('unavailable', 'm', { correlationId: 'c', httpStatus: 500, code: '5000', description }),
    );
    assert.equal(fields.partnerCenterSaid, 'Backend https://internal.example/x failed; token [redacted]');
    assert.equal(fields.partnerCenterCode, '5000');
  });
});
