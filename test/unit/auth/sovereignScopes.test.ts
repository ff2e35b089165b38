import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import sinon from 'sinon';
import { AppTokenProvider } from '../../../src/auth/appTokenProvider';
import { loadConfig } from '../../../src/config';
import { entraApp } from '../../../src/partnerCenterAccess';
import { createLogger } from '../../../src/shared/logger';
import { OnBehalfOfTokenProvider } from '../../../src/signIn/onBehalfOfTokenProvider';

const CHINA = 'https://partner.partnercenterapi.microsoftonline.cn';

/** The scopes follow the configured cloud: 21Vianet's Partner Center accepts only tokens for its own resource. */
describe('Partner Center scopes in sovereign clouds', () => {
  afterEach(() => sinon.restore());

  const config = loadConfig({
    PARTNER_CENTER_AUTH: 'app',
    PARTNER_CENTER_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
    PARTNER_CENTER_CLIENT_SECRET: 'test-secret',
    PARTNER_CENTER_TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    PARTNER_CENTER_BASE_URL: CHINA,
    AAD_AUTHORITY_HOST: 'https://login.partner.microsoftonline.cn',
  });
  const app = entraApp(config, createLogger('silent'));

  it('app-only: <resource>/.default of the base URL’s cloud', async () => {
    const acquire = sinon
      .stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential')
      .resolves({ accessToken: 't' } as Awaited<
        ReturnType<ConfidentialClientApplication['acquireTokenByClientCredential']>
      >);
    await new AppTokenProvider(app).getToken();
    sinon.assert.calledOnceWithExactly(acquire, { scopes: [`${CHINA}/.default`] });
  });

  it('on-behalf-of: <resource>/user_impersonation of the base URL’s cloud', async () => {
    const obo = sinon.stub(ConfidentialClientApplication.prototype, 'acquireTokenOnBehalfOf').resolves({
      accessToken: 'pc',
    } as Awaited<ReturnType<ConfidentialClientApplication['acquireTokenOnBehalfOf']>>);
    await new OnBehalfOfTokenProvider(app).forUser('user-token').getToken();
    assert.deepEqual(obo.firstCall.args[0], { oboAssertion: 'user-token', scopes: [`${CHINA}/user_impersonation`] });
  });

  it('PARTNER_CENTER_RESOURCE wins over the base URL', async () => {
    const acquire = sinon
      .stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential')
      .resolves({ accessToken: 't' } as Awaited<
        ReturnType<ConfidentialClientApplication['acquireTokenByClientCredential']>
      >);
    const ppe = loadConfig({
      PARTNER_CENTER_AUTH: 'app',
      PARTNER_CENTER_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      PARTNER_CENTER_CLIENT_SECRET: 'test-secret',
      PARTNER_CENTER_TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      PARTNER_CENTER_BASE_URL: 'https://api.partnercenter.microsoft-ppe.com',
      PARTNER_CENTER_RESOURCE: 'https://api.partnercenter.microsoft-ppe.com',
    });
    await new AppTokenProvider(entraApp(ppe, createLogger('silent'))).getToken();
    sinon.assert.calledOnceWithExactly(acquire, { scopes: ['https://api.partnercenter.microsoft-ppe.com/.default'] });
  });
});
