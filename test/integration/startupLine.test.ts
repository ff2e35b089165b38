import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BotProcess, REPO_ROOT, freePort, killAllBots, sleep } from '../helpers/botProcess';
import { waitFor } from '../helpers/waitFor';

/**
 * `npm start` in a terminal: after the JSON log lines, one human line says what to do next. The
 * bot runs under `script` (util-linux), which gives it a pseudo-terminal as stdout, as a person's
 * terminal does. Piped (a log collector, and every other test), stdout is JSON lines only.
 */

const NEXT = /^Next: /;

/** Runs the bot with a terminal as stdout until `until` matches its output; returns the output's lines. */
async function startInTerminal(port: number, until: RegExp): Promise<string[]> {
  const command = `'${process.execPath}' --no-deprecation --require tsx/cjs src/index.ts`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    // Its own process group: stopping it stops the bot under it too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOTENV_DISABLED: 'true',
      LOG_LEVEL: 'info',
      PORT: String(port),
    },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(() => until.test(output) || child.exitCode !== null, {
      timeoutMs: 30000,
      intervalMs: 100,
      what: `${String(until)} in the output`,
    });
    assert.match(output, until, 'the bot exited first');
    await sleep(300); // anything written right after it
    return output.split(/\r?\n/).filter((line) => line.trim() !== '');
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10000);
    await exited;
    clearTimeout(killer);
  }
}

describe('the start-up line', function () {
  this.timeout(60000);

  after(killAllBots);

  it('in a terminal: one human line after the JSON lines, with the Playground command and the endpoint', async () => {
    const port = await freePort();
    const lines = await startInTerminal(port, /^Next: .*$/m);
    const next = lines.filter((line) => NEXT.test(line));
    assert.equal(next.length, 1, lines.join('\n'));
    const at = lines.indexOf(next[0] ?? '');
    const before = lines.slice(0, at).map((line) => JSON.parse(line) as { msg?: string });
    assert.ok(
      before.some((line) => line.msg === 'bot listening') && before.some((line) => line.msg === 'access policy'),
      'after the start-up log lines',
    );
    assert.match(next[0] ?? '', new RegExp(`--app-endpoint http://localhost:${port}/api/messages`));
    assert.match(next[0] ?? '', /open http:\/\/localhost:56150/);
    assert.match(next[0] ?? '', new RegExp(`Emulator at http://localhost:${port}/api/messages`));
  });

  it('piped: no such line, every line of stdout is JSON', async () => {
    const bot = await BotProcess.start();
    await bot.stop('SIGTERM', 15000);
    const lines = bot.stdout.split('\n').filter((line) => line.trim() !== '');
    assert.ok(lines.length >= 3, bot.output);
    for (const line of lines) {
      assert.doesNotMatch(line, NEXT);
      assert.doesNotThrow(() => JSON.parse(line), line);
    }
  });
});
