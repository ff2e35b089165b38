import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { BotProcess, freePort, killAllBots, probe } from '../helpers/botProcess';

/**
 * Where the real bot (child process) listens. Without MicrosoftAppId nothing authenticates a
 * request, so it must be reachable from this machine only, whatever PARTNER_CENTER_AUTH says; a
 * HOST beyond loopback is refused with real data and allowed, loudly, with demo data. Only
 * loopback addresses are ever connected to: what it listens on is read from its start-up line and
 * from the kernel's socket table (/proc/net/tcp*, where there is one).
 */

const APP_ID = '11111111-2222-4333-8444-555555555555';
/** Real data (app-only). Partner Center and Entra point at a closed loopback port: no lookup is made. */
const APP_MODE = {
  PARTNER_CENTER_AUTH: 'app',
  PARTNER_CENTER_CLIENT_ID: '5e2f4c3b-2222-4b3c-8d4e-00000000c001',
  PARTNER_CENTER_CLIENT_SECRET: 'pc-secret-listen-test',
  PARTNER_CENTER_TENANT_ID: '7d1c3b2a-1111-4a2b-9c3d-00000000a001',
  PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:9',
  AAD_AUTHORITY_HOST: 'https://127.0.0.1:9',
};

/** True when this machine can listen on ::1 (not every container has IPv6). */
async function hasIpv6Loopback(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

/** The local addresses of the sockets listening on `port`, from the kernel (Linux); undefined elsewhere. */
function kernelListeners(port: number): string[] | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const row of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue; // 0A = LISTEN
      addresses.push(local.split(':')[0]);
    }
  }
  return addresses;
}

/** /proc/net/tcp* addresses of 127.0.0.0/8 and ::1 (32-bit words in host byte order, little-endian here). */
function isKernelLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F');
  return (
    hex === '00000000000000000000000001000000' || (hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'))
  );
}

/** The start-up line. /healthz can answer before it arrives: the bot's log is asynchronous. */
async function listeningLine(bot: BotProcess): Promise<{ listening: string[]; url: string }> {
  const line = await bot.waitForLogRecord((record) => record.msg === 'bot listening', 'the start-up line');
  return line as unknown as { listening: string[]; url: string };
}

describe('where the bot listens (real bot process)', function () {
  this.timeout(60000);

  after(() => killAllBots());

  it('app mode without MicrosoftAppId and HOST: loopback only (127.0.0.1 and ::1), and says so', async () => {
    const bot = await BotProcess.start({ env: { ...APP_MODE, HOST: '' } });
    const ipv6 = await hasIpv6Loopback();
    const { listening, url } = await listeningLine(bot);
    const expected = [
      `http://127.0.0.1:${bot.port}/api/messages`,
      ...(ipv6 ? [`http://[::1]:${bot.port}/api/messages`] : []),
    ];
    assert.deepEqual(listening, expected);
    assert.equal(url, `http://127.0.0.1:${bot.port}/api/messages`);
    const kernel = kernelListeners(bot.port);
    if (kernel !== undefined) {
      assert.equal(kernel.length, expected.length, `listening sockets: ${kernel.join(', ')}`);
      for (const address of kernel)
        assert.ok(isKernelLoopback(address), `listens on a non-loopback address: ${address}`);
    }
    // Both loopback families answer (clients that say localhost may use either).
    assert.equal((await probe('GET', `http://127.0.0.1:${bot.port}/healthz`)).status, 200);
    if (ipv6) assert.equal((await probe('GET', `http://[::1]:${bot.port}/healthz`)).status, 200);
    assert.equal(await bot.stop(), 0);
  });

  // Other non-loopback values (::, a LAN address, a host name): test/unit/config.listen.test.ts.
  it(
    'app mode without MicrosoftAppId refuses HOST=0.0.0.0: exit 1 with one line naming MicrosoftAppId, ' +
      'nothing listens',
    async () => {
      const port = await freePort();
      const bot = BotProcess.spawn(port, { env: { ...APP_MODE, HOST: '0.0.0.0' } });
      const exit = await bot.waitForExit(15000);
      assert.deepEqual(exit, { code: 1, signal: null }, bot.output);
      const lines = bot.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `stderr:\n${bot.stderr}`);
      assert.match(lines[0], /HOST: 0\.0\.0\.0 .* set MicrosoftAppId and MicrosoftAppPassword/);
      assert.doesNotMatch(bot.stdout, /bot listening/);
      assert.equal((await probe('GET', `http://127.0.0.1:${port}/healthz`, undefined, 1000)).errorCode, 'ECONNREFUSED');
    },
  );

  it('demo mode on HOST=0.0.0.0 starts, with a loud warning, and logs the address it really listens on', async () => {
    const bot = await BotProcess.start({ env: { PARTNER_CENTER_AUTH: 'demo', HOST: '0.0.0.0' } });
    assert.deepEqual((await listeningLine(bot)).listening, [`http://0.0.0.0:${bot.port}/api/messages`]);
    await bot.waitForLogRecord(
      (record) => record.level === 'warn' && /NO AUTHENTICATION ON THE NETWORK/.test(String(record.msg)),
      'the warning',
    );
    assert.equal(await bot.stop(), 0);
  });

  it('with MicrosoftAppId and no HOST: all interfaces, as before (every request needs a token)', async () => {
    const bot = await BotProcess.start({
      env: { ...APP_MODE, HOST: '', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'bot-secret-listen-test' },
    });
    const [only, ...others] = (await listeningLine(bot)).listening;
    assert.deepEqual(others, []);
    assert.match(only, new RegExp(`^http://(\\[::\\]|0\\.0\\.0\\.0):${bot.port}/api/messages$`));
    const anonymous = await probe('POST', `http://127.0.0.1:${bot.port}/api/messages`, {
      type: 'message',
      serviceUrl: 'http://127.0.0.1:9',
      conversation: { id: 'c' },
      text: 'help',
    });
    assert.equal(anonymous.status, 401);
    assert.equal(await bot.stop(), 0);
  });
});
