import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { configProblems } from '../../helpers/configProblems';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('loadConfig', () => {
  it('runs in demo mode with no variables at all', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.partnerCenter.auth, 'demo');
    assert.equal(config.partnerCenter.api, 'qualifications');
    assert.equal(config.partnerCenter.baseUrl, 'https://api.partnercenter.microsoft.com');
    assert.equal(config.partnerCenter.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(config.bot.appId, '');
    assert.equal(config.bot.appType, 'MultiTenant');
    assert.equal(config.logLevel, 'info');
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: '', MicrosoftAppId: '  ', PARTNER_CENTER_AUTH: '' });
    assert.equal(config.port, 3978);
    assert.equal(config.partnerCenter.auth, 'demo');
  });

  it('defaults to app mode, with the bot identity, when Partner Center credentials are configured', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
    assert.equal(config.partnerCenter.auth, 'app');
    assert.equal(config.partnerCenter.clientId, APP_ID);
    assert.equal(config.partnerCenter.clientSecret, 'secret');
    assert.equal(config.partnerCenter.tenantId, TENANT);
  });

  it('lets PARTNER_CENTER_* override the bot identity', () => {
    const other = '99999999-2222-4333-8444-555555555555';
    const config = loadConfig({
      PARTNER_CENTER_CLIENT_ID: other,
      PARTNER_CENTER_CLIENT_SECRET: 'pc-secret',
      PARTNER_CENTER_TENANT_ID: TENANT,
      PARTNER_CENTER_API: 'qualification',
      PARTNER_CENTER_BASE_URL: 'https://api.partnercenter.microsoft.com/',
      AAD_AUTHORITY_HOST: 'https://login.chinacloudapi.cn',
      PORT: '8080',
    });
    assert.equal(config.partnerCenter.auth, 'app');
    assert.equal(config.partnerCenter.clientId, other);
    assert.equal(config.partnerCenter.api, 'qualification');
    assert.equal(config.partnerCenter.baseUrl, 'https://api.partnercenter.microsoft.com');
    assert.equal(config.partnerCenter.authorityHost, 'https://login.chinacloudapi.cn');
    assert.equal(config.port, 8080);
  });

  it('keeps demo mode when asked even if credentials exist', () => {
    const config = loadConfig({ PARTNER_CENTER_AUTH: 'demo', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' });
    assert.equal(config.partnerCenter.auth, 'demo');
  });

  it('accepts http:// only for loopback hosts', () => {
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) {
      assert.equal(loadConfig({ PARTNER_CENTER_BASE_URL: url }).partnerCenter.baseUrl, url);
    }
    assert.match(
      configProblems({ PARTNER_CENTER_BASE_URL: 'http://api.partnercenter.microsoft.com' }).join(),
      /PARTNER_CENTER_BASE_URL: http:\/\/ is accepted only for loopback/,
    );
    assert.match(
      configProblems({ PARTNER_CENTER_BASE_URL: 'ftp://x' }).join(),
      /PARTNER_CENTER_BASE_URL: must be an https/,
    );
    assert.match(
      configProblems({ PARTNER_CENTER_BASE_URL: 'not a url' }).join(),
      /PARTNER_CENTER_BASE_URL: "not a url" is not a URL/,
    );
    assert.match(
      configProblems({ PARTNER_CENTER_BASE_URL: 'https://x.example/?a=1' }).join(),
      /must not contain a query/,
    );
  });

  it('requires an https authority host without a path', () => {
    assert.match(
      configProblems({ AAD_AUTHORITY_HOST: 'http://login.microsoftonline.com' }).join(),
      /AAD_AUTHORITY_HOST: must be an https/,
    );
    assert.match(
      configProblems({ AAD_AUTHORITY_HOST: 'https://login.microsoftonline.com/common' }).join(),
      /AAD_AUTHORITY_HOST: must be a host only/,
    );
  });

  it('names every bad variable at once', () => {
    const problems = configProblems({
      PORT: 'eighty',
      MicrosoftAppId: 'not-a-guid',
      MicrosoftAppType: 'Galaxy',
      PARTNER_CENTER_AUTH: 'magic',
      PARTNER_CENTER_API: 'qualificationz',
      LOG_LEVEL: 'loud',
    });
    for (const name of [
      'PORT',
      'MicrosoftAppId',
      'MicrosoftAppType',
      'PARTNER_CENTER_AUTH',
      'PARTNER_CENTER_API',
      'LOG_LEVEL',
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(`${name}:`)),
        `${name} missing from ${problems.join(' | ')}`,
      );
    }
    assert.ok(problems.some((p) => p === 'PARTNER_CENTER_AUTH: must be one of app, user, demo'));
  });

  it('explains what app mode still needs', () => {
    const problems = configProblems({ PARTNER_CENTER_AUTH: 'app' });
    assert.equal(problems.length, 3);
    assert.match(problems[0] ?? '', /^PARTNER_CENTER_CLIENT_ID: required/);
    assert.match(problems[1] ?? '', /^PARTNER_CENTER_CLIENT_SECRET: required/);
    assert.match(problems[2] ?? '', /^PARTNER_CENTER_TENANT_ID: required/);
  });

  it('checks the bot identity fits together', () => {
    assert.match(
      configProblems({ MicrosoftAppId: APP_ID }).join(),
      /MicrosoftAppPassword: required when MicrosoftAppId is set/,
    );
    assert.match(
      configProblems({ MicrosoftAppPassword: 'x' }).join(),
      /MicrosoftAppId: required when MicrosoftAppPassword is set/,
    );
    assert.match(
      configProblems({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        MicrosoftAppType: 'SingleTenant',
        PARTNER_CENTER_AUTH: 'demo',
      }).join(),
      /MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant/,
    );
  });

  it('rejects a tenant given as a domain or "common"', () => {
    assert.match(
      configProblems({ PARTNER_CENTER_TENANT_ID: 'common' }).join(),
      /PARTNER_CENTER_TENANT_ID: must be a GUID/,
    );
  });

  describe('PARTNER_CENTER_AUTH=user', () => {
    const TENANT = '7d1c3b2a-1111-4a2b-9c3d-00000000a001';
    const user = {
      PARTNER_CENTER_AUTH: 'user',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'bot-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      OAUTH_CONNECTION_NAME: 'PartnerCenterSSO',
    };

    it('uses the bot app for the on-behalf-of exchange and builds the admin-consent link', () => {
      const config = loadConfig(user);
      assert.equal(config.partnerCenter.auth, 'user');
      assert.equal(config.partnerCenter.clientId, APP_ID);
      assert.equal(config.partnerCenter.clientSecret, 'bot-secret');
      assert.equal(config.partnerCenter.tenantId, TENANT);
      assert.deepEqual(config.userSignIn, {
        connectionName: 'PartnerCenterSSO',
        adminConsentUrl: `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${APP_ID}`,
      });
      assert.equal(config.stateStorage, 'memory');
    });

    it('follows AAD_AUTHORITY_HOST in the admin-consent link (sovereign clouds)', () => {
      const config = loadConfig({ ...user, AAD_AUTHORITY_HOST: 'https://login.microsoftonline.us' });
      assert.match(config.userSignIn?.adminConsentUrl ?? '', /^https:\/\/login\.microsoftonline\.us\//);
    });

    it('names everything user mode is missing, at once', () => {
      const text = configProblems({ PARTNER_CENTER_AUTH: 'user' }).join('\n');
      assert.match(text, /MicrosoftAppId: required for PARTNER_CENTER_AUTH=user/);
      assert.match(text, /OAUTH_CONNECTION_NAME: required for PARTNER_CENTER_AUTH=user/);
      assert.match(text, /MicrosoftAppPassword: required for PARTNER_CENTER_AUTH=user/);
      assert.match(text, /PARTNER_CENTER_TENANT_ID: required for PARTNER_CENTER_AUTH=user/);
    });

    it('refuses a different app for the exchange, and UserAssignedMSI', () => {
      assert.match(
        configProblems({ ...user, PARTNER_CENTER_CLIENT_ID: '99999999-2222-4333-8444-555555555555' }).join(),
        /PARTNER_CENTER_CLIENT_ID: must be empty or equal MicrosoftAppId/,
      );
      assert.match(configProblems({ ...user, MicrosoftAppType: 'UserAssignedMSI' }).join(), /UserAssignedMSI has none/);
    });

    it('rejects a connection name with spaces or URL characters', () => {
      assert.match(
        configProblems({ ...user, OAUTH_CONNECTION_NAME: 'a b' }).join(),
        /OAUTH_CONNECTION_NAME: must be the OAuth connection name/,
      );
      assert.match(configProblems({ ...user, OAUTH_CONNECTION_NAME: 'a/../b' }).join(), /OAUTH_CONNECTION_NAME/);
    });

    it('has no sign-in settings in app and demo mode', () => {
      assert.equal(loadConfig({}).userSignIn, undefined);
    });

    it('accepts only known state stores', () => {
      assert.match(configProblems({ STATE_STORAGE: 'redis' }).join(), /STATE_STORAGE: must be one of memory/);
    });
  });

  it('never puts a secret in its messages', () => {
    const error = (() => {
      try {
        loadConfig({
          MicrosoftAppPassword: 'super-secret-value',
          PARTNER_CENTER_CLIENT_SECRET: 'another-secret',
          PARTNER_CENTER_AUTH: 'app',
        });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(error);
    assert.doesNotMatch(error.message, /super-secret-value|another-secret/);
  });

  it('passes botbuilder endpoint settings through for sovereign clouds and local stand-ins', () => {
    const config = loadConfig({
      ToBotFromChannelOpenIdMetadataUrl: 'https://127.0.0.1:9/openid',
      OAuthUrl: ' ',
      Unrelated: 'x',
    });
    assert.deepEqual(config.bot.botFrameworkSettings, {
      ToBotFromChannelOpenIdMetadataUrl: 'https://127.0.0.1:9/openid',
    });
  });
});
