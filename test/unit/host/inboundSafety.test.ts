import assert from 'node:assert/strict';
import { InboundAuthenticationError } from '../../../src/conversation/activityProcessor';
import { captureLogs } from '../../helpers/logCapture';
import { activityProblem, MAX_ACTIVITY_DEPTH, startHost } from '../../../src/host/server';
import { restifyLogger } from '../../../src/host/restifyLogger';
import { DEFAULTS } from '../../../src/config/defaults';

const HOST_LIMITS = { maxBodyBytes: DEFAULTS.maxRequestBodyBytes, maxTurnsInFlight: DEFAULTS.healthMaxTurnsInFlight };

const GOOD = { type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1' } };

describe('inbound safety', () => {
  describe('activityProblem (the shape check before botbuilder)', () => {
    it('accepts real activities, whatever their type', () => {
      for (const type of [
        'message',
        'conversationUpdate',
        'installationUpdate',
        'invoke',
        'event',
        'typing',
        'somethingNew',
      ]) {
        assert.equal(
          activityProblem({ ...GOOD, type, from: { id: 'u' }, recipient: { id: 'b' }, entities: [], text: 'x' }),
          undefined,
          type,
        );
      }
      assert.equal(
        activityProblem({ ...GOOD, text: null, locale: null }),
        undefined,
        'null optional strings are tolerated',
      );
    });

    const rejected: Array<[string, unknown, RegExp]> = [
      ['an array', [GOOD], /JSON object/],
      ['a string', 'message', /JSON object/],
      ['null', null, /JSON object/],
      ['no type', { ...GOOD, type: undefined }, /"type"/],
      ['an empty type', { ...GOOD, type: '  ' }, /"type"/],
      ['a numeric type', { ...GOOD, type: 1 }, /"type"/],
      ['no serviceUrl', { ...GOOD, serviceUrl: undefined }, /"serviceUrl"/],
      ['a numeric serviceUrl', { ...GOOD, serviceUrl: 5 }, /"serviceUrl"/],
      ['no conversation', { ...GOOD, conversation: undefined }, /"conversation"/],
      ['a conversation without id', { ...GOOD, conversation: {} }, /"conversation"/],
      ['a string conversation', { ...GOOD, conversation: 'c' }, /"conversation"/],
      ['an object as text', { ...GOOD, text: { a: 1 } }, /"text" must be a string/],
      ['a numeric channelId', { ...GOOD, channelId: 7 }, /"channelId"/],
      ['a string "from"', { ...GOOD, from: 'user' }, /"from"/],
      ['a null "recipient"', { ...GOOD, recipient: null }, /"recipient"/],
      ['entities that are not a list', { ...GOOD, entities: { type: 'mention' } }, /"entities" must be an array/],
    ];
    for (const [why, body, problem] of rejected) {
      it(`rejects ${why}`, () => {
        assert.match(activityProblem(body) ?? '', problem);
      });
    }

    /** An object nested `depth` levels deep (the outermost counts as one). */
    function nested(depth: number): Record<string, unknown> {
      let node: Record<string, unknown> = { id: 'leaf' };
      for (let level = 1; level < depth; level++) node = { id: 'c', inner: node };
      return node;
    }

    it(
      `accepts nesting up to ${MAX_ACTIVITY_DEPTH} levels, in objects and arrays, and refuses one level more ` +
        `(checked without recursion)`,
      () => {
        // The activity is level 1, its conversation level 2.
        assert.equal(
          activityProblem({ ...GOOD, conversation: { ...nested(MAX_ACTIVITY_DEPTH - 1), id: 'a:1' } }),
          undefined,
        );
        assert.match(
          activityProblem({ ...GOOD, conversation: { ...nested(MAX_ACTIVITY_DEPTH), id: 'a:1' } }) ?? '',
          /nested more than 64 levels deep/,
        );
        let list: unknown = [];
        for (let level = 1; level < MAX_ACTIVITY_DEPTH; level++) list = [list];
        assert.match(activityProblem({ ...GOOD, entities: [list] }) ?? '', /nested more than 64 levels/);
        let deep: unknown = {};
        for (let level = 0; level < 200_000; level++) deep = { d: deep };
        assert.match(activityProblem({ ...GOOD, value: deep }) ?? '', /nested more than/);
      },
    );
  });

  describe('the host answers and logs safely', () => {
    it(
      'restify writes with the app logger: at warn at most, a request as its method and path, never its body or ' +
        'headers',
      () => {
        const { logger, lines } = captureLogs('trace');
        const log = restifyLogger(logger);
        assert.equal(log.isLevelEnabled('info'), false);
        log.warn(
          {
            req: {
              method: 'POST',
              url: '/api/messages?x=1',
              headers: { authorization: 'Bearer eyJhbGciOi.eyJzdWIi.sig' },
              _body: '{"text":"secret body"}',
            },
            err: new Error('boom'),
            value: { text: 'secret body' },
          },
          'formatter failed',
        );
        const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
        assert.deepEqual(record.req, { method: 'POST', path: '/api/messages' });
        assert.deepEqual(record.err, { name: 'Error', message: 'boom' });
        assert.equal(record.component, 'restify');
        assert.doesNotMatch(lines.join(''), /secret body|Bearer|eyJ/);
      },
    );

    it(
      'an answer that cannot be serialised becomes a short JSON 500 with a correlation id, not a ' + 'formatter error',
      async () => {
        const { logger, lines } = captureLogs('trace');
        const circular: Record<string, unknown> = { text: 'secret body' };
        circular.self = circular;
        const host = await startHost(
          { processActivity: async () => ({ status: 200, body: circular }), logger, ...HOST_LIMITS },
          0,
          ['127.0.0.1'],
        );
        try {
          const response = await fetch(`${host.url}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(GOOD),
          });
          assert.equal(response.status, 500);
          assert.match(response.headers.get('content-type') ?? '', /application\/json/);
          const body = (await response.json()) as { error: string; correlationId: string };
          assert.equal(body.error, 'Internal error');
          assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
          assert.ok(
            lines.some((line) => line.includes('could not be serialised') && line.includes(body.correlationId)),
          );
          assert.doesNotMatch(lines.join(''), /secret body/);
        } finally {
          await host.stop(100);
        }
      },
    );
  });

  describe('InboundAuthenticationError (what a failed token check answers)', () => {
    const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);
    const cases: Array<[string, unknown, number]> = [
      [
        'botbuilder AuthenticationError 401 (missing, wrong audience, issuer, endorsement)',
        named('Error', { statusCode: 401 }),
        401,
      ],
      ['a bad signature (jsonwebtoken, which botbuilder lets through as a 500)', named('JsonWebTokenError'), 401],
      ['alg none ("jwt signature is required")', named('JsonWebTokenError'), 401],
      ['an expired token', named('TokenExpiredError'), 401],
      ['a token not valid yet', named('NotBeforeError'), 401],
      ['anything else while checking the token', new TypeError('odd header'), 401],
      ['the OpenID metadata could not be loaded (botbuilder says 500)', named('Error', { statusCode: 500 }), 503],
      ['the metadata host could not be reached', named('FetchError'), 503],
    ];
    for (const [why, reason, status] of cases) {
      it(`answers ${status} for ${why}`, () => {
        assert.equal(new InboundAuthenticationError(reason).status, status);
      });
    }
  });
});
