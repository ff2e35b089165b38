import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import sinon from 'sinon';
import { adminConsentUrl } from '../../../src/auth/adminConsent';
import { OnBehalfOfTokenProvider, PARTNER_CENTER_USER_SCOPE } from '../../../src/signIn/onBehalfOfTokenProvider';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';

const options = {
  clientId: '3a0d2c5e-7b1f-4c3d-9e8f-00000000b0b1',
  clientSecret: 'secret',
  tenantId: '7d1c3b2a-1111-4a2b-9c3d-00000000a001',
  authorityHost: 'https://login.microsoftonline.com',
};

describe('OnBehalfOfTokenProvider', () => {
  let obo: sinon.SinonStub;

  beforeEach(() => {
    obo = sinon.stub(ConfidentialClientApplication.prototype, 'acquireTokenOnBehalfOf');
  });

  afterEach(() => sinon.restore());

  it('exchanges the user token for the Partner Center user_impersonation scope', async () => {
    obo.resolves({ accessToken: 'pc-token' });
    const token = await new OnBehalfOfTokenProvider(options).forUser('user-token').getToken();
    assert.equal(token, 'pc-token');
    assert.deepEqual(obo.firstCall.args[0], { oboAssertion: 'user-token', scopes: [PARTNER_CENTER_USER_SCOPE] });
  });

  it('shares one exchange among concurrent calls for the same user token, not across users', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    obo.callsFake(async (request: { oboAssertion: string }) => {
      await gate;
      return { accessToken: `pc-${request.oboAssertion}` };
    });
    const provider = new OnBehalfOfTokenProvider(options);
    const calls = [
      ...Array.from({ length: 5 }, () => provider.forUser('alex').getToken()),
      provider.forUser('bea').getToken(),
    ];
    release();
    assert.deepEqual(await Promise.all(calls), ['pc-alex', 'pc-alex', 'pc-alex', 'pc-alex', 'pc-alex', 'pc-bea']);
    assert.equal(obo.callCount, 2);
    // Once settled, the next call asks MSAL again (its cache answers it in production).
    await provider.forUser('alex').getToken();
    assert.equal(obo.callCount, 3);
  });

  it('turns MSAL failures into reasons the cards explain, without the raw error', async () => {
    obo.rejects(
      Object.assign(new Error('invalid_grant'), {
        errorCode: 'invalid_grant',
        errorMessage: 'AADSTS65001: not consented. assertion=secret-user-token',
      }),
    );
    const error = await new OnBehalfOfTokenProvider(options)
      .forUser('secret-user-token')
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof TokenAcquisitionError);
    assert.equal(error.reason, 'consentRequired');
    assert.equal(error.aadCode, 'AADSTS65001');
    assert.doesNotMatch(error.message, /secret-user-token/);
  });
});

describe('adminConsentUrl', () => {
  it('is the tenant admin-consent endpoint for the app, on the configured authority host', () => {
    assert.equal(
      adminConsentUrl('https://login.microsoftonline.us', options.tenantId, options.clientId),
      `https://login.microsoftonline.us/${options.tenantId}/adminconsent?client_id=${options.clientId}`,
    );
  });
});
