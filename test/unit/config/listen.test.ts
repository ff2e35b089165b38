import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { configRefusal } from '../../helpers/configProblems';
import { isLoopbackHost, isLoopbackUrl } from '../../../src/shared/loopback';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** Real Partner Center data (app-only), no inbound authentication. */
const APP_MODE = {
  PARTNER_CENTER_AUTH: 'app',
  PARTNER_CENTER_CLIENT_ID: APP_ID,
  PARTNER_CENTER_CLIENT_SECRET: 'pc-secret',
  PARTNER_CENTER_TENANT_ID: TENANT,
};
/** Real data with inbound authentication. */
const SIGNED_IN = { ...APP_MODE, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'bot-secret' };

describe('loadConfig: where the bot listens', () => {
  it('without MicrosoftAppId and HOST: loopback only, IPv4 and IPv6, in every Partner Center mode', () => {
    for (const env of [{}, APP_MODE, { PARTNER_CENTER_AUTH: 'demo' }]) {
      const config = loadConfig(env);
      assert.deepEqual(config.listenHosts, ['127.0.0.1', '::1'], JSON.stringify(env));
      assert.equal(config.anonymousBeyondLoopback, false);
    }
  });

  it('without MicrosoftAppId: a loopback HOST is used as given; localhost means both loopback addresses', () => {
    assert.deepEqual(loadConfig({ ...APP_MODE, HOST: '127.0.0.1' }).listenHosts, ['127.0.0.1']);
    assert.deepEqual(loadConfig({ ...APP_MODE, HOST: '::1' }).listenHosts, ['::1']);
    assert.deepEqual(loadConfig({ ...APP_MODE, HOST: '[::1]' }).listenHosts, ['::1']);
    assert.deepEqual(loadConfig({ ...APP_MODE, HOST: '127.0.0.2' }).listenHosts, ['127.0.0.2']);
    assert.deepEqual(loadConfig({ ...APP_MODE, HOST: 'localhost' }).listenHosts, ['127.0.0.1', '::1']);
  });

  for (const host of ['0.0.0.0', '::', '192.168.1.20', 'my-machine.example', '10.0.0.1']) {
    it(`refuses HOST=${host} without MicrosoftAppId in app mode, in one line that says what to set`, () => {
      const error = configRefusal({ ...APP_MODE, HOST: host });
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0], /^HOST: .* without signing in: set MicrosoftAppId and MicrosoftAppPassword/);
      assert.doesNotMatch(error.message, /\n/, 'one line');
    });
  }

  it('refuses a non-loopback HOST without MicrosoftAppId whatever else is wrong too (every problem listed)', () => {
    const error = configRefusal({ ...APP_MODE, HOST: '0.0.0.0', ALLOWED_TENANT_IDS: 'not-a-tenant' });
    assert.ok(error.problems.some((p) => p.startsWith('HOST:')));
    assert.ok(error.problems.some((p) => p.startsWith('ALLOWED_TENANT_IDS:')));
  });

  it('demo mode on a non-loopback HOST starts (sample data only), flagged for the loud warning', () => {
    const config = loadConfig({ PARTNER_CENTER_AUTH: 'demo', HOST: '0.0.0.0' });
    assert.deepEqual(config.listenHosts, ['0.0.0.0']);
    assert.equal(config.anonymousBeyondLoopback, true);
  });

  it('with MicrosoftAppId: as before — all interfaces without HOST, HOST as given', () => {
    assert.equal(loadConfig(SIGNED_IN).listenHosts, undefined);
    assert.deepEqual(loadConfig({ ...SIGNED_IN, HOST: '0.0.0.0' }).listenHosts, ['0.0.0.0']);
    assert.deepEqual(loadConfig({ ...SIGNED_IN, HOST: '127.0.0.1' }).listenHosts, ['127.0.0.1']);
    assert.equal(loadConfig({ ...SIGNED_IN, HOST: '0.0.0.0' }).anonymousBeyondLoopback, false);
  });
});

describe('isLoopbackHost / isLoopbackUrl', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost in the forms a URL gives them', () => {
    for (const host of [
      '127.0.0.1',
      '127.255.0.9',
      '::1',
      '[::1]',
      'localhost',
      'LOCALHOST',
      'localhost.',
      '::ffff:127.0.0.1',
      '[::ffff:7f00:1]',
    ]) {
      assert.ok(isLoopbackHost(host), host);
    }
  });

  it('refuses everything else', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '192.168.0.1',
      '128.0.0.1',
      'localhost.example',
      'evil-localhost',
      '127.0.0.1.nip.io',
      '::2',
      '',
    ]) {
      assert.ok(!isLoopbackHost(host), host);
    }
  });

  it('reads URLs the way the HTTP client will connect (normalised numeric forms included)', () => {
    for (const url of [
      'http://127.0.0.1:9',
      'https://localhost/x',
      'http://[::1]:3978/',
      'http://127.1:80',
      'http://0x7f000001/',
      'http://2130706433/',
    ]) {
      assert.ok(isLoopbackUrl(url), url);
    }
    for (const url of [
      'http://192.0.2.1',
      'https://smba.trafficmanager.net/amer/',
      'http://127.0.0.1.example.com/',
      'ftp://127.0.0.1/',
      'file:///etc/passwd',
      'not a url',
      'http://user@10.0.0.1/',
    ]) {
      assert.ok(!isLoopbackUrl(url), url);
    }
  });
});
