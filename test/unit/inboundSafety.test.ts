import assert from 'node:assert/strict';
import { InboundAuthenticationError } from '../../src/bot/activityProcessor';
import { activityProblem } from '../../src/http/server';

const GOOD = { type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1' } };

describe('inbound safety', () => {
  describe('activityProblem (the shape check before botbuilder)', () => {
    it('accepts real activities, whatever their type', () => {
      for (const type of ['message', 'conversationUpdate', 'installationUpdate', 'invoke', 'event', 'typing', 'somethingNew']) {
        assert.equal(activityProblem({ ...GOOD, type, from: { id: 'u' }, recipient: { id: 'b' }, entities: [], text: 'x' }), undefined, type);
      }
      assert.equal(activityProblem({ ...GOOD, text: null, locale: null }), undefined, 'null optional strings are tolerated');
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
  });

  describe('InboundAuthenticationError (what a failed token check answers)', () => {
    const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);
    const cases: Array<[string, unknown, number]> = [
      ['botbuilder AuthenticationError 401 (missing, wrong audience, issuer, endorsement)', named('Error', { statusCode: 401 }), 401],
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
