import assert from 'node:assert/strict';
import {
  MemoryStorage,
  TestAdapter,
  type Activity,
  type ResourceResponse,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import { PendingSignIns } from '../../../src/signIn/pendingSignIns';
import type { SignInTexts } from '../../../src/signIn/signInDialog';
import { createLogger } from '../../../src/shared/logger';

const TEXTS: SignInTexts = {
  locale: 'en-US',
  cardText: 'Sign in to Partner Center',
  cardButton: 'Sign in',
  prompt: 'Please sign in first',
  codeNotAccepted: 'That code was not accepted',
  didNotComplete: 'Sign-in did not complete',
  expired: 'Expired',
  signInElsewhere: 'Sign in from Teams',
};
const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

/** MemoryStorage that records, in one timeline with the sends, when state was written. */
class RecordingStorage extends MemoryStorage {
  constructor(private readonly timeline: string[]) {
    super();
  }

  override async write(changes: StoreItems): Promise<void> {
    await super.write(changes);
    this.timeline.push(`write:${JSON.stringify(changes).includes('partnerCenterSignIn') ? 'pending' : 'other'}`);
  }
}

/** TestAdapter that records what it actually delivers (after every onSendActivities handler). */
class RecordingAdapter extends TestAdapter {
  constructor(
    logic: ConstructorParameters<typeof TestAdapter>[0],
    private readonly timeline: string[],
  ) {
    super(logic);
  }

  override sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      this.timeline.push(activity.attachments?.some((a) => a.contentType === OAUTH_CARD) ? 'send:signInCard' : 'send');
    }
    return super.sendActivities(context, activities);
  }
}

/**
 * With several instances, the sign-in a card starts may reach another instance within
 * milliseconds: the request must be in the shared store before the card leaves.
 */
describe('PendingSignIns', () => {
  it('saves the waiting request before the sign-in card is sent', async () => {
    const timeline: string[] = [];
    const pending = new PendingSignIns<{ customer: string }>({
      storage: new RecordingStorage(timeline),
      connectionName: 'PartnerCenterSSO',
      texts: [TEXTS],
      textsFor: () => TEXTS,
      run: () => Promise.resolve('done'),
    });
    const adapter = new RecordingAdapter(async (context) => {
      await pending.runAsUser(context, { customer: 'c1' }, 'en-US', createLogger('silent'));
    }, timeline);
    await adapter.send('qualification for c1');
    const card = timeline.indexOf('send:signInCard');
    assert.ok(card >= 0, `a sign-in card was sent: ${timeline.join(', ')}`);
    const save = timeline.indexOf('write:pending');
    assert.ok(save >= 0 && save < card, `saved first: ${timeline.join(', ')}`);
  });

  it('sends no sign-in card when the request cannot be saved', async () => {
    const timeline: string[] = [];
    const broken = new MemoryStorage();
    broken.write = () => Promise.reject(new Error('store down'));
    const pending = new PendingSignIns<{ customer: string }>({
      storage: broken,
      connectionName: 'PartnerCenterSSO',
      texts: [TEXTS],
      textsFor: () => TEXTS,
      run: () => Promise.resolve('done'),
    });
    const adapter = new RecordingAdapter(async (context) => {
      await assert.rejects(
        pending.runAsUser(context, { customer: 'c1' }, 'en-US', createLogger('silent')),
        /store down/,
      );
    }, timeline);
    await adapter.send('qualification for c1');
    assert.deepEqual(timeline, [], 'nothing was delivered');
  });

  it('where no card can be shown (Copilot): says where to sign in, sends no card, keeps nothing waiting', async () => {
    const timeline: string[] = [];
    const sent: Partial<Activity>[] = [];
    const pending = new PendingSignIns<{ customer: string }>({
      storage: new RecordingStorage(timeline),
      connectionName: 'PartnerCenterSSO',
      texts: [TEXTS],
      textsFor: () => TEXTS,
      run: () => Promise.resolve('done'),
      cardless: (context) => context.activity.text === 'from copilot',
    });
    const adapter = new RecordingAdapter(async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        sent.push(...activities);
        return next();
      });
      await pending.runAsUser(context, { customer: 'c1' }, 'en-US', createLogger('silent'));
    }, timeline);
    await adapter.send('from copilot');
    assert.deepEqual(
      sent.map((activity) => activity.text),
      ['Sign in from Teams'],
    );
    assert.deepEqual(timeline, ['send'], 'one message, no sign-in card, nothing saved');
    // The same request elsewhere gets the card.
    await adapter.send('from teams');
    assert.ok(timeline.includes('send:signInCard'), timeline.join(', '));
  });
});
