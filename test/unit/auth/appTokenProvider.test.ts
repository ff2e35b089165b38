import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import sinon from 'sinon';
import {
  AppTokenProvider,
  PARTNER_CENTER_APP_SCOPE,
  REFRESH_BEFORE_EXPIRY_MS,
  msalConfiguration,
  toTokenAcquisitionError,
} from '../../../src/auth/appTokenProvider';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';

const options = {
  clientId: '11111111-2222-4333-8444-555555555555',
  clientSecret: 'test-secret',
  tenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  authorityHost: 'https://login.microsoftonline.com',
};

function tokenResult(accessToken: string, expiresOn?: Date) {
  return { accessToken, expiresOn } as Awaited<
    ReturnType<ConfidentialClientApplication['acquireTokenByClientCredential']>
  >;
}

describe('AppTokenProvider', () => {
  afterEach(() => sinon.restore());

  it('asks MSAL for the Partner Center .default scope', async () => {
    const acquire = sinon
      .stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential')
      .resolves(tokenResult('t1'));
    const token = await new AppTokenProvider(options).getToken();
    assert.equal(token, 't1');
    sinon.assert.calledOnceWithExactly(acquire, { scopes: [PARTNER_CENTER_APP_SCOPE] });
    assert.equal(PARTNER_CENTER_APP_SCOPE, 'https://api.partnercenter.microsoft.com/.default');
  });

  it('shares one request among calls that start together', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquire = sinon
      .stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential')
      .callsFake(async () => {
        await gate;
        return tokenResult('shared');
      });
    const provider = new AppTokenProvider(options);
    const pending = Array.from({ length: 50 }, () => provider.getToken());
    release();
    const tokens = await Promise.all(pending);
    assert.ok(tokens.every((t) => t === 'shared'));
    sinon.assert.calledOnce(acquire);
  });

  it('keeps the token until five minutes before it expires, then asks MSAL again', async () => {
    let now = Date.UTC(2026, 11, 1, 9, 0, 0);
    const expiresOn = new Date(now + 60 * 60 * 1000);
    const acquire = sinon.stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential');
    acquire.onFirstCall().resolves(tokenResult('first', expiresOn));
    acquire.onSecondCall().resolves(tokenResult('second', new Date(expiresOn.getTime() + 60 * 60 * 1000)));
    const provider = new AppTokenProvider({ ...options, now: () => now });
    assert.equal(await provider.getToken(), 'first');
    now += 54 * 60 * 1000;
    assert.equal(await provider.getToken(), 'first');
    sinon.assert.calledOnce(acquire);
    now += 60 * 1000 + 1; // 4 minutes 59 seconds before expiry
    assert.equal(await provider.getToken(), 'second');
    sinon.assert.calledTwice(acquire);
    assert.equal(REFRESH_BEFORE_EXPIRY_MS, 5 * 60 * 1000);
  });

  it("without an expiry in MSAL's answer it keeps nothing and asks MSAL (and its cache) every time", async () => {
    const acquire = sinon
      .stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential')
      .resolves(tokenResult('t'));
    const provider = new AppTokenProvider(options);
    await provider.getToken();
    await provider.getToken();
    sinon.assert.calledTwice(acquire);
  });

  it('turns an MSAL failure into a TokenAcquisitionError and recovers on the next call', async () => {
    const acquire = sinon.stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential');
    acquire.onFirstCall().rejects(
      Object.assign(new Error('AADSTS7000215: Invalid client secret provided. Secret test-secret'), {
        errorCode: 'invalid_client',
      }),
    );
    acquire.onSecondCall().resolves(tokenResult('after-fix'));
    const provider = new AppTokenProvider(options);
    await assert.rejects(provider.getToken(), (error: unknown) => {
      assert.ok(error instanceof TokenAcquisitionError);
      assert.equal(error.reason, 'invalidCredentials');
      assert.equal(error.aadCode, 'AADSTS7000215');
      assert.doesNotMatch(error.message, /test-secret/);
      return true;
    });
    assert.equal(await provider.getToken(), 'after-fix');
  });

  it('rejects an empty MSAL answer', async () => {
    sinon.stub(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential').resolves(null);
    await assert.rejects(new AppTokenProvider(options).getToken(), TokenAcquisitionError);
  });
});

describe('msalConfiguration', () => {
  it('uses the tenant authority and names the host as known, so no instance discovery is needed', () => {
    const config = msalConfiguration({ ...options, authorityHost: 'https://127.0.0.1:8443' });
    assert.equal(config.auth.authority, `https://127.0.0.1:8443/${options.tenantId}`);
    assert.deepEqual(config.auth.knownAuthorities, ['127.0.0.1:8443']);
    assert.equal(config.system?.loggerOptions?.piiLoggingEnabled, false);
  });

  it('works for a sovereign cloud host', () => {
    const config = msalConfiguration({ ...options, authorityHost: 'https://login.chinacloudapi.cn' });
    assert.equal(config.auth.authority, `https://login.chinacloudapi.cn/${options.tenantId}`);
    assert.deepEqual(config.auth.knownAuthorities, ['login.chinacloudapi.cn']);
  });
});

describe('toTokenAcquisitionError', () => {
  const cases: Array<[unknown, string, string | undefined]> = [
    [
      { errorCode: 'invalid_client', errorMessage: 'AADSTS7000222: The provided client secret keys are expired.' },
      'invalidCredentials',
      'AADSTS7000222',
    ],
    [
      { errorCode: 'unauthorized_client', errorMessage: 'AADSTS700016: Application not found in the directory' },
      'invalidCredentials',
      'AADSTS700016',
    ],
    [{ errorCode: 'invalid_request', errorMessage: 'AADSTS90002: Tenant not found.' }, 'invalidTenant', 'AADSTS90002'],
    [{ errorCode: 'network_error', errorMessage: 'Network request failed' }, 'unreachable', undefined],
    [new Error('endpoints_resolution_error: could not resolve'), 'unreachable', undefined],
    [new Error('something else'), 'unknown', undefined],
    ['a string', 'unknown', undefined],
    // On-behalf-of (PARTNER_CENTER_AUTH=user)
    [
      {
        errorCode: 'invalid_grant',
        errorMessage: "AADSTS65001: The user or administrator has not consented to use the application with ID '…'.",
      },
      'consentRequired',
      'AADSTS65001',
    ],
    [{ errorCode: 'consent_required', errorMessage: 'consent required' }, 'consentRequired', undefined],
    [
      {
        errorCode: 'interaction_required',
        errorMessage:
          'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor ' +
          'authentication.',
      },
      'mfaRequired',
      'AADSTS50076',
    ],
    [
      {
        errorCode: 'interaction_required',
        errorMessage: 'AADSTS50079: The user is required to use multi-factor authentication.',
      },
      'mfaRequired',
      'AADSTS50079',
    ],
    [
      {
        errorCode: 'interaction_required',
        errorMessage: 'AADSTS53003: Access has been blocked by Conditional Access policies.',
      },
      'unknown',
      'AADSTS53003',
    ],
    [
      { errorCode: 'interaction_required', errorMessage: 'AADSTS99999: Something the user must do.' },
      'consentRequired',
      'AADSTS99999',
    ],
    [
      { errorCode: 'invalid_grant', errorMessage: 'AADSTS500133: Assertion is not within its valid time range.' },
      'signInExpired',
      'AADSTS500133',
    ],
    [
      { errorCode: 'invalid_grant', errorMessage: 'AADSTS50013: Assertion failed signature validation.' },
      'signInExpired',
      'AADSTS50013',
    ],
    [
      {
        errorCode: 'invalid_grant',
        errorMessage: 'AADSTS50173: The provided grant has expired due to it being revoked.',
      },
      'signInExpired',
      'AADSTS50173',
    ],
  ];
  for (const [input, reason, code] of cases) {
    it(`maps ${JSON.stringify(input instanceof Error ? input.message : input)} to ${reason}`, () => {
      const error = toTokenAcquisitionError(input);
      assert.equal(error.reason, reason);
      assert.equal(error.aadCode, code);
    });
  }
});
