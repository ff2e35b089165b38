import assert from 'node:assert/strict';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';
import { DEFAULTS } from '../../../src/config/defaults';
import { CompanyNames } from '../../../src/lookup/companyNames';
import { Lookups } from '../../../src/lookup/lookups';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { Qualification, QualificationLookup, QualificationSource } from '../../../src/partnerCenter/types';
import { createLogger } from '../../../src/shared/logger';
import { stateOf } from '../../../src/watch/changes';
import { MemoryWatchStore } from '../../../src/watch/memoryWatchStore';
import type { PostOutcome, WatchAccess } from '../../../src/watch/ports';
import { Watcher } from '../../../src/watch/watcher';
import { WatchList, type NewWatch } from '../../../src/watch/watchList';
import type { PendingNotice, WatchRecord } from '../../../src/watch/watchRecord';
import { tenantId } from '../../helpers/ids';
import { stubSource } from '../../helpers/stubSource';

const A = tenantId('00000000-0000-4000-8000-00000000000a');
const B = tenantId('00000000-0000-4000-8000-00000000000b');
const INTERVAL = 60_000;
const CONVERSATION = 'c'.repeat(40);
const OTHER_CONVERSATION = 'd'.repeat(40);

const inReview: Qualification = { name: 'Education', known: 'Education', vettingStatus: 'InReview' };
const approved: Qualification = { ...inReview, vettingStatus: 'Approved' };

function lookup(customerId: string, ...qualifications: Qualification[]): QualificationLookup {
  return {
    customerId: tenantId(customerId),
    qualifications,
    fetchedAt: new Date(),
    correlationId: 'c',
    requestId: 'r',
    api: 'qualifications',
  };
}

/** Partner Center as a test sets it: each customer's answer, or an error, per call. */
class Answers {
  readonly byCustomer = new Map<string, Qualification[] | Error>();
  calls = 0;
  hang = false;

  source(): QualificationSource {
    return stubSource({
      getQualifications: (id) => {
        this.calls++;
        if (this.hang) return new Promise<QualificationLookup>(() => undefined);
        const answer = this.byCustomer.get(id) ?? [inReview];
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(lookup(id, ...answer));
      },
    });
  }
}

class Notices {
  readonly posted: Array<{ watch: WatchRecord; notice: PendingNotice }> = [];
  next: PostOutcome[] = [];
  /** Conversations Teams answers 403 or 404 for. */
  readonly gone = new Set<string>();

  post(watch: WatchRecord, notice: PendingNotice): Promise<PostOutcome> {
    if (this.gone.has(watch.conversation)) return Promise.resolve('conversationGone');
    const outcome = this.next.shift() ?? 'sent';
    if (outcome === 'sent') this.posted.push({ watch, notice });
    return Promise.resolve(outcome);
  }

  kinds(): string[] {
    return this.posted.map((p) => p.notice.kind);
  }
}

describe('watch: the watcher (memory store, stub Partner Center, fake clock)', () => {
  let now: number;
  let store: MemoryWatchStore;
  let list: WatchList;
  let answers: Answers;
  let notices: Notices;

  beforeEach(() => {
    now = Date.parse('2026-05-01T00:00:00Z');
    store = new MemoryWatchStore();
    list = new WatchList(
      store,
      { intervalMs: INTERVAL, expiryMs: 10 * INTERVAL, maxPerConversation: 2, maxTotal: 3 },
      () => now,
    );
    answers = new Answers();
    notices = new Notices();
  });

  function watcher(options: { access?: WatchAccess; answers?: Answers; instanceId?: string } = {}): Watcher {
    return new Watcher({
      store,
      list,
      lookups: new Lookups((options.answers ?? answers).source(), {
        deadlineMs: 5000,
        concurrency: 5,
        companyNames: new CompanyNames(DEFAULTS.companyNames),
      }),
      access: options.access ?? { forWatch: () => Promise.resolve({}) },
      notifier: notices,
      logger: createLogger('silent'),
      intervalMs: INTERVAL,
      callsPerMinute: 60_000,
      instanceId: options.instanceId,
      now: () => now,
    });
  }

  function watch(customerId = A, conversation = CONVERSATION): Promise<unknown> {
    const request: NewWatch = {
      conversation,
      reference: { conversation: { id: conversation }, serviceUrl: 'http://127.0.0.1:1' },
      setBy: { userId: '29:alex' },
      locale: 'en-US',
      customerId,
      companyName: 'Contoso',
      state: stateOf(lookup(customerId, inReview)),
    };
    return list.add(request);
  }

  /** The clock one interval on: every watch is due once. */
  function nextRound(): void {
    now += INTERVAL;
  }

  it('In review → Approved: one notice (final), the watch ends; a round with no change posts nothing', async () => {
    await watch();
    const w = watcher();
    nextRound();
    await w.tick();
    assert.equal(answers.calls, 1);
    assert.deepEqual(notices.kinds(), [], 'no change, no notice');
    answers.byCustomer.set(A, [approved]);
    nextRound();
    await w.tick();
    assert.deepEqual(notices.kinds(), ['change']);
    const [only] = notices.posted;
    assert.ok(only?.notice.kind === 'change' && only.notice.final);
    assert.deepEqual(await list.list(CONVERSATION), [], 'the watch ended');
    nextRound();
    await w.tick();
    assert.equal(answers.calls, 2, 'no more checks');
  });

  it('a watch is not checked before its time in the round', async () => {
    await watch();
    await watcher().tick();
    assert.equal(answers.calls, 0);
  });

  it('a Partner Center error, then the same state: nothing posted; the error is no change', async () => {
    await watch();
    const w = watcher();
    answers.byCustomer.set(A, new PartnerCenterError('unavailable', 'down', { correlationId: 'c' }));
    nextRound();
    await w.tick();
    answers.byCustomer.set(A, [inReview]);
    nextRound();
    await w.tick();
    assert.equal(answers.calls, 2);
    assert.deepEqual(notices.kinds(), []);
    const [record] = await list.list(CONVERSATION);
    assert.equal(record?.round, 2, 'still watched, checked each round');
  });

  it('two watchers on one store, due at the same moment: one check and one notice per change', async () => {
    await watch(A);
    await watch(B);
    const first = watcher({ instanceId: 'one' });
    const second = watcher({ instanceId: 'two' });
    let checks = 0;
    for (let round = 0; round < 3; round++) {
      if (round === 1) answers.byCustomer.set(A, [inReview, { name: 'StateOwnedEntity', known: 'StateOwnedEntity' }]);
      nextRound();
      const before = answers.calls;
      await Promise.all([first.tick(), second.tick()]);
      checks += answers.calls - before;
      assert.equal(answers.calls - before, 2, `round ${round}: each watch checked once`);
    }
    assert.equal(checks, 6);
    assert.deepEqual(notices.kinds(), ['change'], 'the added qualification: one notice');
  });

  it('the instance that claimed a round dies in it: the next round is checked by another, one notice', async () => {
    await watch();
    answers.byCustomer.set(A, [approved]);
    const dying = new Answers();
    dying.hang = true;
    nextRound();
    void watcher({ answers: dying, instanceId: 'dies' }).tick(); // claims the round, never finishes it
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(dying.calls, 1);
    const survivor = watcher({ instanceId: 'survives' });
    await survivor.tick();
    assert.equal(answers.calls, 0, 'the round is the dead instance’s: not checked twice');
    nextRound();
    await survivor.tick();
    assert.equal(answers.calls, 1);
    assert.deepEqual(notices.kinds(), ['change']);
  });

  it('a notice that could not be posted is posted at the next round, once, without a second change', async () => {
    await watch();
    const w = watcher();
    answers.byCustomer.set(A, [inReview, { name: 'Nonprofit', known: 'Nonprofit', vettingStatus: 'InReview' }]);
    notices.next = ['failed'];
    nextRound();
    await w.tick();
    assert.deepEqual(notices.kinds(), []);
    nextRound();
    await w.tick();
    nextRound();
    await w.tick();
    assert.deepEqual(notices.kinds(), ['change'], 'posted once');
    assert.equal(answers.calls, 2, 'the round that posted the saved notice made no call');
  });

  it(
    'Teams says the conversation is gone (403/404): that conversation’s watches are dropped, others ' + 'stay',
    async () => {
      await watch(A);
      await watch(B);
      await watch(A, OTHER_CONVERSATION);
      answers.byCustomer.set(A, [approved]);
      notices.gone.add(CONVERSATION);
      nextRound();
      await watcher().tick();
      assert.deepEqual(await list.list(CONVERSATION), []);
      assert.deepEqual(notices.kinds(), ['change'], 'the other conversation was told');
      assert.equal((await list.list(OTHER_CONVERSATION)).length, 0, 'and its watch ended (Approved)');
    },
  );

  it('expiry: after its time a watch posts its last message and ends', async () => {
    await watch();
    const w = watcher();
    now += 10 * INTERVAL + 1;
    await w.tick();
    assert.deepEqual(notices.kinds(), ['expired']);
    assert.equal(answers.calls, 0);
    assert.deepEqual(await list.list(CONVERSATION), []);
  });

  it('user mode, sign-in lapsed: asked once, the watch waits; signed in again, it carries on', async () => {
    await watch();
    let signedIn = false;
    const w = watcher({
      access: {
        forWatch: () =>
          Promise.resolve(signedIn ? { asUser: { getToken: () => Promise.resolve('t') } } : 'signInNeeded'),
      },
    });
    for (let round = 0; round < 3; round++) {
      nextRound();
      await w.tick();
    }
    assert.deepEqual(notices.kinds(), ['signInAgain'], 'asked once');
    assert.equal(answers.calls, 0, 'no Partner Center call without access');
    assert.equal((await list.list(CONVERSATION))[0]?.signInAsked, true);
    signedIn = true;
    answers.byCustomer.set(A, [approved]);
    nextRound();
    await w.tick();
    assert.deepEqual(notices.kinds(), ['signInAgain', 'change']);
  });

  it('user mode, on-behalf-of says the sign-in expired: the same single question', async () => {
    await watch();
    answers.byCustomer.set(A, new TokenAcquisitionError('signInExpired', 'AADSTS50173'));
    const w = watcher({
      access: { forWatch: () => Promise.resolve({ asUser: { getToken: () => Promise.resolve('t') } }) },
    });
    nextRound();
    await w.tick();
    nextRound();
    await w.tick();
    assert.deepEqual(notices.kinds(), ['signInAgain']);
  });

  it('limits: per conversation and in all, with the limit in the answer', async () => {
    assert.equal(((await watch(A)) as { kind: string }).kind, 'added');
    assert.equal(((await watch(A)) as { kind: string }).kind, 'already');
    await watch(B);
    assert.deepEqual(await watch(tenantId('00000000-0000-4000-8000-00000000000c')), {
      kind: 'conversationLimit',
      limit: 2,
    });
    await watch(A, OTHER_CONVERSATION);
    assert.deepEqual(await watch(B, OTHER_CONVERSATION), { kind: 'totalLimit', limit: 3 });
  });

  it('unwatch by tenant id or domain, and what was not watched', async () => {
    await watch(A);
    const result = await list.remove(CONVERSATION, [
      { kind: 'id', customerId: A },
      { kind: 'id', customerId: B },
    ]);
    assert.deepEqual(
      result.removed.map((w) => w.customerId),
      [A],
    );
    assert.deepEqual(result.notWatched, [B]);
  });
});
