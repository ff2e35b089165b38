import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { testBot } from '../../helpers/testBot';
import type { QualificationSource } from '../../../src/partnerCenter/types';
import { createLogger } from '../../../src/shared/logger';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import { cardText } from '../../helpers/botConnector';
import { educationLookup, stubSource } from '../../helpers/stubSource';
import { tenantId } from '../../helpers/ids';

const ID = tenantId('3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b');
const logger = createLogger('silent');

function setup(options: { demo?: boolean; getQualifications?: QualificationSource['getQualifications'] } = {}) {
  const getQualifications = sinon.spy(options.getQualifications ?? (async (id: string) => educationLookup(id)));
  const bot = testBot({ ...stubSource(), getQualifications }, { logger, demo: options.demo ?? false });
  const adapter = new TestAdapter((context) => bot.run(context));
  return { adapter, getQualifications };
}

function cardOfActivity(activity: Partial<Activity>): unknown {
  assert.equal(activity.attachments?.length, 1, 'expected exactly one attachment');
  const attachment = activity.attachments?.[0];
  assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive');
  return attachment?.content;
}

function expectCard(check: (text: string) => void) {
  return (activity: Partial<Activity>) => check(cardText(cardOfActivity(activity)));
}

describe('QualificationBot', () => {
  it('answers a lookup with the qualification card', async () => {
    const { adapter, getQualifications } = setup();
    await adapter.send(`qualification for ${ID}`).assertReply(
      expectCard((text) => {
        assert.match(text, /Education/);
        assert.match(text, new RegExp(ID));
        assert.doesNotMatch(text, /Demo data/);
      }),
    );
    sinon.assert.calledOnce(getQualifications);
    const [customerId, context] = getQualifications.firstCall.args;
    assert.equal(customerId, ID);
    assert.match(context.correlationId, /^[0-9a-f-]{36}$/);
    assert.equal(context.locale, 'en-US');
  });

  it('labels every card in demo mode', async () => {
    const { adapter } = setup({ demo: true });
    await adapter.send(`qualification for ${ID}`).assertReply(expectCard((text) => assert.match(text, /Demo data/)));
    await adapter.send('help').assertReply(expectCard((text) => assert.match(text, /Demo data/)));
    await adapter.send('qualification for nope').assertReply(expectCard((text) => assert.match(text, /Demo data/)));
  });

  it('strips the @mention Teams adds in channels', async () => {
    const { adapter, getQualifications } = setup();
    await adapter
      .send({
        type: 'message',
        text: `<at>Qualification Bot</at> qualification for ${ID.toUpperCase()}`,
        entities: [
          { type: 'mention', text: '<at>Qualification Bot</at>', mentioned: { id: 'bot', name: 'Qualification Bot' } },
        ],
      })
      .assertReply(expectCard((text) => assert.match(text, /Education/)));
    assert.equal(getQualifications.firstCall.args[0], ID);
  });

  it('a message that only shares a card (inserted from the search, or an unfurled link) gets no answer', async () => {
    const { adapter, getQualifications } = setup();
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } };
    const inserted =
      '\n<span class="inline-compose-card" itemid="0" itemtype="http://schema.skype.com/InputExtension">\n' +
      '  <span content="0" itemprop="cardId"></span>\n</span>\n';
    for (const text of [inserted, '', undefined, '<at>Qualification Bot</at>&nbsp;']) {
      await adapter.send({ type: 'message', text, attachments: [card] }).startTest();
    }
    assert.equal(adapter.activeQueue.length, 0, 'no reply');
    // Words of its own with the card: read as a message.
    await adapter
      .send({ type: 'message', text: `qualification for ${ID}`, attachments: [card] })
      .assertReply(expectCard((text) => assert.match(text, /Education/)));
    sinon.assert.calledOnce(getQualifications);
  });

  it('explains a bad id and never calls Partner Center', async () => {
    const { adapter, getQualifications } = setup();
    await adapter
      .send('qualification for ../../v1/partners')
      .assertReply(expectCard((text) => assert.match(text, /tenant id/i)));
    await adapter
      .send(`qualification for ${'x'.repeat(100 * 1024)}`)
      .assertReply(expectCard((text) => assert.ok(text.length < 5000)));
    sinon.assert.notCalled(getQualifications);
  });

  it('answers help, an empty message and an unknown command with the help card', async () => {
    const { adapter, getQualifications } = setup();
    for (const text of ['help', '', 'what can you do']) {
      await adapter.send(text).assertReply(expectCard((card) => assert.match(card, /qualification for/i)));
    }
    sinon.assert.notCalled(getQualifications);
  });

  it('turns a Partner Center error into an error card with the correlation id', async () => {
    const { adapter } = setup({
      getQualifications: async (_id, context) => {
        throw new PartnerCenterError('notFound', 'no', { correlationId: context.correlationId, httpStatus: 404 });
      },
    });
    await adapter.send(`qualification for ${ID}`).assertReply(
      expectCard((text) => {
        assert.match(text, /isn't one of your customers/);
        assert.match(text, /[0-9a-f]{8}-[0-9a-f]{4}-/);
      }),
    );
  });

  it('never shows the message or stack of an unexpected error', async () => {
    const { adapter } = setup({
      getQualifications: async () => {
        throw new Error('secret internal detail at /srv/app.js:12');
      },
    });
    await adapter.send(`qualification for ${ID}`).assertReply(
      expectCard((text) => {
        assert.doesNotMatch(text, /secret internal detail|app\.js/);
        assert.match(text, /went wrong/i);
      }),
    );
  });

  it("passes the user's locale to Partner Center", async () => {
    const { adapter, getQualifications } = setup();
    await adapter
      .send({ type: 'message', text: `qualification for ${ID}`, locale: 'fr-FR' })
      .assertReply(() => undefined);
    assert.equal(getQualifications.firstCall.args[1].locale, 'fr-FR');
  });

  it('ignores activities that are not messages', async () => {
    const { adapter, getQualifications } = setup();
    await adapter.send({ type: 'typing' }).send({ type: 'event', name: 'something' }).startTest();
    assert.equal(adapter.activeQueue.length, 0);
    sinon.assert.notCalled(getQualifications);
  });
});
