import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { canStream, isCopilot, surfaceOf } from '../../../src/conversation/surface';
import { withStreamInfoEntity } from '../../../src/conversation/streamInfoWire';

const COPILOT = { type: 'ProductInfo', id: 'COPILOT' };

function activity(fields: Partial<Activity>): Partial<Activity> {
  return {
    channelId: 'msteams',
    conversation: { conversationType: 'personal' } as Activity['conversation'],
    ...fields,
  };
}

describe('where an activity comes from (conversation/surface.ts)', () => {
  it('Copilot by its ProductInfo entity on the msteams channel; Teams 1:1 by the conversation type', () => {
    assert.equal(surfaceOf(activity({ entities: [{ type: 'clientInfo' }, COPILOT] })), 'copilot');
    assert.equal(surfaceOf(activity({ entities: [{ type: 'clientInfo' }] })), 'teamsPersonal');
    assert.equal(surfaceOf(activity({})), 'teamsPersonal');
    for (const conversationType of ['groupChat', 'channel']) {
      const conversation = { conversationType } as Activity['conversation'];
      assert.equal(surfaceOf(activity({ conversation })), 'other', conversationType);
    }
    // Another channel, or another product: not Copilot.
    assert.equal(isCopilot(activity({ channelId: 'emulator', entities: [COPILOT] })), false);
    assert.equal(isCopilot(activity({ entities: [{ type: 'ProductInfo', id: 'TEAMS' }] })), false);
    assert.equal(surfaceOf(activity({ channelId: 'emulator' })), 'other');
  });

  it('streams in Copilot and Teams 1:1, never when replies go back in the HTTP response', () => {
    assert.equal(canStream(activity({ entities: [COPILOT] })), true);
    assert.equal(canStream(activity({})), true);
    assert.equal(canStream(activity({ deliveryMode: 'expectReplies' })), false);
    assert.equal(canStream(activity({ entities: [COPILOT], deliveryMode: 'expectReplies' })), false);
    assert.equal(
      canStream(activity({ conversation: { conversationType: 'groupChat' } as Activity['conversation'] })),
      false,
    );
  });
});

describe('the streaminfo entity on the wire (conversation/streamInfoWire.ts)', () => {
  it("gets back the fields botframework-connector's serializer dropped, from channelData", () => {
    const sent = JSON.stringify({
      type: 'typing',
      entities: [{ type: 'clientInfo' }, { type: 'streaminfo' }],
      channelData: { streamId: 's-1', streamType: 'informative', streamSequence: 2, other: true },
    });
    assert.deepEqual(JSON.parse(withStreamInfoEntity(sent)), {
      type: 'typing',
      entities: [
        { type: 'clientInfo' },
        { type: 'streaminfo', streamId: 's-1', streamType: 'informative', streamSequence: 2 },
      ],
      channelData: { streamId: 's-1', streamType: 'informative', streamSequence: 2, other: true },
    });
  });

  it('leaves every other body as it was', () => {
    for (const body of [
      '{"type":"message","text":"streaminfo"}',
      '{"type":"message","entities":[{"type":"mention"}],"channelData":{"streamType":"final"}}',
      '{"type":"typing","entities":[{"type":"streaminfo"}]}',
      'not json "streaminfo"',
    ]) {
      assert.equal(withStreamInfoEntity(body), body);
    }
  });
});
