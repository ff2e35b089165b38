import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const AZURITE = 'UseDevelopmentStorage=true';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error.problems.join('\n');
  }
  assert.fail('expected the configuration to be rejected');
}

describe('loadConfig: shared state (STATE_STORAGE) and the Partner Center resource', () => {
  const user = {
    PARTNER_CENTER_AUTH: 'user',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'bot-secret',
    MicrosoftAppTenantId: TENANT,
    OAUTH_CONNECTION_NAME: 'PartnerCenterSSO',
  };

  it('keeps memory by default, with no blob settings', () => {
    const config = loadConfig(user);
    assert.equal(config.stateStorage, 'memory');
    assert.equal(config.blobStorage, undefined);
  });

  it('takes blob with a connection string, and a default container', () => {
    const config = loadConfig({ ...user, STATE_STORAGE: 'blob', STATE_STORAGE_CONNECTION_STRING: AZURITE });
    assert.equal(config.stateStorage, 'blob');
    assert.deepEqual(config.blobStorage, { connectionString: AZURITE, container: 'qualification-bot-state' });
    const named = loadConfig({
      ...user,
      STATE_STORAGE: 'blob',
      STATE_STORAGE_CONNECTION_STRING: AZURITE,
      STATE_STORAGE_CONTAINER: 'bot-state-2',
    });
    assert.equal(named.blobStorage?.container, 'bot-state-2');
  });

  it('needs the connection string for blob, and refuses one with memory', () => {
    assert.match(
      problemsOf({ ...user, STATE_STORAGE: 'blob' }),
      /STATE_STORAGE_CONNECTION_STRING: required for STATE_STORAGE=blob/,
    );
    assert.match(
      problemsOf({ ...user, STATE_STORAGE_CONNECTION_STRING: AZURITE }),
      /STATE_STORAGE: set it to blob to use STATE_STORAGE_CONNECTION_STRING/,
    );
  });

  it('refuses container names Blob Storage refuses', () => {
    for (const bad of ['ab', 'Upper', 'two--hyphens', '-start', 'end-', 'under_score', 'x'.repeat(64)]) {
      assert.match(
        problemsOf({
          ...user,
          STATE_STORAGE: 'blob',
          STATE_STORAGE_CONNECTION_STRING: AZURITE,
          STATE_STORAGE_CONTAINER: bad,
        }),
        /STATE_STORAGE_CONTAINER: must be a blob container name/,
        bad,
      );
    }
  });

  it('never puts the connection string in a message', () => {
    const text = problemsOf({ STATE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=very-secret-key' });
    assert.doesNotMatch(text, /very-secret-key/);
  });

  it('derives the Partner Center resource from the base URL: 21Vianet has its own, the rest the public one', () => {
    assert.equal(loadConfig({}).partnerCenter.resource, 'https://api.partnercenter.microsoft.com');
    assert.equal(
      loadConfig({ PARTNER_CENTER_BASE_URL: 'https://partner.partnercenterapi.microsoftonline.cn' }).partnerCenter
        .resource,
      'https://partner.partnercenterapi.microsoftonline.cn',
    );
    assert.equal(
      loadConfig({ PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:4000' }).partnerCenter.resource,
      'https://api.partnercenter.microsoft.com',
      'a local stand-in of the public Partner Center',
    );
  });

  it('lets PARTNER_CENTER_RESOURCE name it, as an https origin', () => {
    const config = loadConfig({ PARTNER_CENTER_RESOURCE: 'https://api.partnercenter.microsoft-ppe.com/' });
    assert.equal(config.partnerCenter.resource, 'https://api.partnercenter.microsoft-ppe.com');
    for (const bad of ['http://api.partnercenter.microsoft.com', 'https://x.example/path', 'not a url']) {
      assert.match(problemsOf({ PARTNER_CENTER_RESOURCE: bad }), /PARTNER_CENTER_RESOURCE: /, bad);
    }
  });
});
