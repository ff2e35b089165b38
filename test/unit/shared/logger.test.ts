import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import sinon from 'sinon';
import {
  currentCorrelationId,
  lineScrubber,
  routeConsoleToLogger,
  withCorrelationId,
} from '../../../src/shared/logger';
import { installProcessHandlers } from '../../../src/host/processHandlers';
import { captureLogs } from '../../helpers/logCapture';

const SECRET = 'Xy7~Q8s.client-secret-value_0123456789';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';

describe('logger', () => {
  it('writes JSON lines with level, time and service', () => {
    const { logger, records } = captureLogs('info');
    logger.info({ a: 1 }, 'hello');
    logger.debug('not at info');
    const [line] = records;
    assert.equal(records.length, 1);
    assert.equal(line?.level, 'info');
    assert.equal(line?.service, 'qualification-bot');
    assert.equal(line?.msg, 'hello');
    assert.equal(typeof line?.time, 'string');
  });

  it('redacts Authorization headers, tokens and secrets wherever the known fields appear', () => {
    const { logger, lines: raw } = captureLogs('trace');
    logger.info(
      {
        authorization: `Bearer ${JWT}`,
        headers: { authorization: `Bearer ${JWT}`, cookie: 'session=abc' },
        req: { headers: { authorization: 'Bearer x' } },
        request: { headers: { authorization: 'Bearer y' } },
        token: 'the-token',
        credentials: {
          clientSecret: SECRET,
          accessToken: 'access',
          password: 'pw',
          client_secret: SECRET,
          access_token: 'a',
          refresh_token: 'r',
          assertion: 'as',
        },
        clientSecret: SECRET,
        MicrosoftAppPassword: SECRET,
        PARTNER_CENTER_CLIENT_SECRET: SECRET,
      },
      'with secrets',
    );
    const line = raw.join('');
    for (const leaked of [
      JWT,
      SECRET,
      'the-token',
      'session=abc',
      'Bearer x',
      'Bearer y',
      '"access"',
      '"pw"',
      '"r"',
      '"as"',
    ]) {
      assert.ok(!line.includes(leaked), `${leaked} was logged: ${line}`);
    }
    assert.match(line, /\[redacted\]/);
  });

  it('with scrub, removes the given secrets, Bearer credentials and JWTs from any text, even in messages', () => {
    const { logger, lines: raw } = captureLogs('trace', { scrub: [SECRET, 'short'] });
    logger.error(
      {
        error: {
          message:
            `request failed: client_secret=${SECRET}&x=1; Authorization: Bearer abcdefgh12345678; id_token ` + `${JWT}`,
        },
      },
      `also in the message: ${SECRET}`,
    );
    logger.warn({ quoted: `a "${SECRET}" b`, note: 'a short word' }, 'escaped');
    const text = raw.join('');
    assert.ok(!text.includes(SECRET), text);
    assert.ok(!text.includes(JWT), text);
    assert.ok(!text.includes('abcdefgh12345678'), text);
    assert.match(text, /Bearer \[redacted\]/);
    assert.ok(text.includes('short'), 'values under 8 characters are left alone (they would damage the JSON)');
    for (const line of raw) JSON.parse(line);
  });

  it('scrubs JSON-escaped forms of a secret too', () => {
    const scrub = lineScrubber(['pa"ss\\word-1234']);
    const line = JSON.stringify({ msg: 'pa"ss\\word-1234' });
    assert.equal(scrub(line), '{"msg":"[redacted]"}');
  });

  it('puts the current correlation id on every line written inside withCorrelationId, once', () => {
    const { logger, records } = captureLogs('trace');
    logger.info('outside');
    withCorrelationId('corr-1', () => {
      assert.equal(currentCorrelationId(), 'corr-1');
      logger.info('root logger');
      logger.child({ correlationId: 'corr-1' }).info('child with the id bound');
      logger.info({ correlationId: 'explicit' }, 'explicit id wins');
    });
    const lines = records;
    assert.equal(lines[0]?.correlationId, undefined);
    assert.equal(lines[1]?.correlationId, 'corr-1');
    assert.equal(lines[2]?.correlationId, 'corr-1');
    assert.equal(lines[3]?.correlationId, 'explicit');
  });

  it('keeps the correlation id across awaits and timers (AsyncLocalStorage)', async () => {
    const { logger, lines: raw } = captureLogs('trace');
    await withCorrelationId('corr-2', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('after a timer');
    });
    assert.equal((raw.join('').match(/"correlationId":"corr-2"/g) ?? []).length, 1);
  });

  it('routes console.error and console.warn to one structured line each, and can undo it', () => {
    const { logger, records } = captureLogs('trace');
    const originalError = console.error;
    const restore = routeConsoleToLogger(logger);
    try {
      withCorrelationId('corr-3', () =>
        console.error('Error finding key for token. Available keys: -----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END'),
      );
      console.warn('%s happened', 'something');
    } finally {
      restore();
    }
    assert.equal(console.error, originalError);
    const [first, second] = records;
    assert.equal(first?.msg, 'library console output');
    assert.match(String(first?.console), /Available keys/);
    assert.equal(first?.correlationId, 'corr-3');
    assert.equal(second?.console, 'something happened');
  });
});

describe('process handlers', () => {
  it('log an unhandled rejection with its stack and keep the process running', () => {
    const { logger, records } = captureLogs('trace');
    const events = new EventEmitter();
    const exit = sinon.spy();
    installProcessHandlers(events, logger, exit);
    events.emit('unhandledRejection', new Error('stray promise'));
    events.emit('unhandledRejection', 'a string reason');
    const [first, second] = records;
    assert.equal(first?.level, 'error');
    assert.equal(first?.msg, 'unhandled promise rejection (the bot keeps running)');
    assert.deepEqual(first?.error, { name: 'Error', message: 'stray promise' });
    assert.match(String(first?.stack), /stray promise\n\s+at /);
    assert.deepEqual(second?.error, { name: 'string', message: 'non-Error value thrown' });
    sinon.assert.notCalled(exit);
  });

  it('log an uncaught exception as fatal, flush, and exit 1', async () => {
    const { logger, records } = captureLogs('trace');
    const events = new EventEmitter();
    const exited = new Promise<number>((resolve) => installProcessHandlers(events, logger, resolve));
    events.emit('uncaughtException', new Error('broken state'));
    assert.equal(await exited, 1);
    const [line] = records;
    assert.equal(line?.level, 'fatal');
    assert.match(String(line?.stack), /broken state/);
  });
});
