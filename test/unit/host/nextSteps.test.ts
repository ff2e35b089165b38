import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { nextStepsLine, printsNextSteps } from '../../../src/host/nextSteps';
import { createLogger, writeToLogStream } from '../../../src/shared/logger';

describe('the start-up line (what to do next)', () => {
  it('on the default port: npm run playground and its page, or the Emulator at the endpoint', () => {
    const line = nextStepsLine({ port: 3978, url: 'http://127.0.0.1:3978', inboundAuth: false });
    assert.equal(
      line,
      'Next: in a second terminal run `npm run playground` and open http://localhost:56150, or point the Bot ' +
        'Framework Emulator at http://localhost:3978/api/messages (no app id or password), then type help.',
    );
    assert.ok(!line.includes('\n'), 'one line');
  });

  it('on another port: the Playground command that points at it (npm run playground says 3978)', () => {
    const line = nextStepsLine({ port: 4000, url: 'http://[::1]:4000', inboundAuth: false });
    assert.match(
      line,
      /run `npx agentsplayground start --app-endpoint http:\/\/localhost:4000\/api\/messages --channel-id msteams`/,
    );
    assert.match(line, /Emulator at http:\/\/localhost:4000\/api\/messages/);
  });

  it('listening on another interface (HOST, demo mode): that address', () => {
    const line = nextStepsLine({ port: 3978, url: 'http://192.168.1.20:3978', inboundAuth: false });
    assert.match(line, /--app-endpoint http:\/\/192\.168\.1\.20:3978\/api\/messages/);
    assert.doesNotMatch(line, /npm run playground/);
  });

  it('with MicrosoftAppId: the Azure Bot messaging endpoint, not the local tools', () => {
    const line = nextStepsLine({ port: 8080, url: 'http://127.0.0.1:8080', inboundAuth: true });
    assert.match(line, /messaging endpoint at https:\/\/<your public host>\/api\/messages/);
    assert.match(line, /port 8080/);
    assert.doesNotMatch(line, /playground|Emulator/i);
  });

  it('is printed to a terminal only: piped into a log collector, stdout stays JSON lines', () => {
    assert.equal(printsNextSteps({ isTTY: true }), true);
    assert.equal(printsNextSteps({ isTTY: false }), false);
    assert.equal(printsNextSteps({}), false);
  });

  it('goes to the log stream after the lines logged before it', () => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger('info', stream);
    logger.info('bot listening');
    logger.info('access policy');
    writeToLogStream(logger, 'Next: …\n');
    assert.deepEqual(
      written.map((chunk) => (chunk.startsWith('{') ? (JSON.parse(chunk) as { msg: string }).msg : chunk)),
      ['bot listening', 'access policy', 'Next: …\n'],
    );
  });
});
