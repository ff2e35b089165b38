import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { configProblems } from '../../helpers/configProblems';

const TENANT = 'AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER = '99999999-8888-4777-8666-555555555555';

const problemsOf = (env: NodeJS.ProcessEnv): string => configProblems(env).join('\n');

describe('loadConfig: who may use the bot, rate limit, shutdown', () => {
  it('allows any tenant when nothing says otherwise (local demo, Emulator)', () => {
    const { access } = loadConfig({});
    assert.equal(access.allowedTenantIds, undefined);
    assert.equal(access.allowedTenantsFrom, 'nothing set');
  });

  it("defaults to the partner's own tenant (MicrosoftAppTenantId), lower case", () => {
    const { access } = loadConfig({ MicrosoftAppTenantId: TENANT });
    assert.deepEqual(access.allowedTenantIds, [TENANT.toLowerCase()]);
    assert.equal(access.allowedTenantsFrom, 'MicrosoftAppTenantId');
  });

  it('takes ALLOWED_TENANT_IDS over it: a comma-separated list, spaces and duplicates ignored', () => {
    const { access } = loadConfig({
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANT_IDS: ` ${OTHER}, ${TENANT} ,${OTHER.toUpperCase()}`,
    });
    assert.deepEqual(access.allowedTenantIds, [OTHER, TENANT.toLowerCase()]);
    assert.equal(access.allowedTenantsFrom, 'ALLOWED_TENANT_IDS');
  });

  it('opens the bot to any tenant only when told so explicitly with *', () => {
    const { access } = loadConfig({ MicrosoftAppTenantId: TENANT, ALLOWED_TENANT_IDS: '*' });
    assert.equal(access.allowedTenantIds, undefined);
    assert.equal(access.allowedTenantsFrom, 'ALLOWED_TENANT_IDS');
  });

  it('names every entry that is not a tenant GUID, and refuses a list with none', () => {
    const problems = problemsOf({ ALLOWED_TENANT_IDS: `${TENANT}, contoso.onmicrosoft.com, common` });
    assert.match(problems, /ALLOWED_TENANT_IDS: "contoso\.onmicrosoft\.com", "common" are not a tenant id/);
    assert.match(problemsOf({ ALLOWED_TENANT_IDS: ' , ;' }), /ALLOWED_TENANT_IDS: lists no tenant id/);
    assert.match(problemsOf({ ALLOWED_TENANT_IDS: `${TENANT},*` }), /"\*" is not a tenant id/);
  });

  it('limits each user to 30 messages a minute by default; 0 turns it off', () => {
    assert.equal(loadConfig({}).access.userRateLimitPerMinute, 30);
    assert.equal(loadConfig({ USER_RATE_LIMIT_PER_MINUTE: '0' }).access.userRateLimitPerMinute, 0);
    assert.equal(loadConfig({ USER_RATE_LIMIT_PER_MINUTE: '120' }).access.userRateLimitPerMinute, 120);
    assert.match(problemsOf({ USER_RATE_LIMIT_PER_MINUTE: '-1' }), /USER_RATE_LIMIT_PER_MINUTE: must be 0-10000/);
    assert.match(
      problemsOf({ USER_RATE_LIMIT_PER_MINUTE: '2.5' }),
      /USER_RATE_LIMIT_PER_MINUTE: must be a whole number/,
    );
    assert.match(problemsOf({ USER_RATE_LIMIT_PER_MINUTE: 'lots' }), /USER_RATE_LIMIT_PER_MINUTE/);
  });

  it('waits 15 s (longer than the lookup deadline) for turns in flight when stopping, or SHUTDOWN_GRACE_MS', () => {
    assert.equal(loadConfig({}).shutdownGraceMs, 15000);
    assert.equal(loadConfig({ SHUTDOWN_GRACE_MS: '25000' }).shutdownGraceMs, 25000);
    assert.match(problemsOf({ SHUTDOWN_GRACE_MS: '900000' }), /SHUTDOWN_GRACE_MS: must be 0-600000/);
  });
});
