import { randomUUID } from 'node:crypto';
import { isExpiredSignIn } from '../auth/tokenProvider';
import type { Lookups } from '../lookup/lookups';
import { describeError, withCorrelationId, type Logger } from '../shared/logger';
import { changesBetween, isFinal, stateOf } from './changes';
import type { WatchAccess, WatchNotifier } from './ports';
import { nextCheckAfter, Pace } from './schedule';
import type { WatchList } from './watchList';
import type { PendingNotice, WatchRecord } from './watchRecord';
import type { Versioned, WatchIndexEntry, WatchStore } from './watchStore';

export interface WatcherOptions {
  readonly store: WatchStore;
  readonly list: WatchList;
  readonly lookups: Lookups;
  readonly access: WatchAccess;
  readonly notifier: WatchNotifier;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** This instance's Partner Center budget for checks (see Pace). */
  readonly callsPerMinute: number;
  /** Names this instance in the claims and the log. */
  readonly instanceId?: string;
  readonly now?: () => number;
}

/** What one check came to (the log line's `outcome`). */
type CheckOutcome =
  | 'claimedElsewhere'
  | 'unchanged'
  | 'baseline'
  | 'changed'
  | 'failed'
  | 'signInNeeded'
  | 'waitingForSignIn'
  | 'expired'
  | 'pendingPosted';

/**
 * The watcher: every tick it lists the watches (cheap: no bodies), and for each one that is due
 * claims this round and checks it — through `Lookups.customer`, so the resilience policy, the
 * command deadline and the audit line apply as for any lookup.
 *
 * Exactly once, with several instances on one store: claiming a round is a conditional write of
 * the watch record (its ETag) that moves `nextCheckAt` one interval on. Of two instances that
 * claim the same round one write succeeds; the other sees a conflict and leaves the watch alone.
 * An instance that dies after its claim loses only that round: the next round is due for
 * everyone. A change is saved together with its notice (`pending`) before the notice is posted,
 * and cleared after: a notice that could not be posted is posted by whoever claims the next
 * round, and a change is never detected twice because the new state is already saved.
 */
export class Watcher {
  private readonly pace: Pace;
  private readonly now: () => number;
  private readonly instanceId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: WatcherOptions) {
    this.now = options.now ?? Date.now;
    this.pace = new Pace(options.callsPerMinute, this.now);
    this.instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  }

  /** How often the listing is read: a tenth of the interval (at most 30 s, at least 100 ms). */
  get tickMs(): number {
    return Math.min(30_000, Math.max(100, Math.floor(this.options.intervalMs / 10)));
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops ticking and waits for the check in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.tickMs);
    this.timer.unref();
  }

  /** One pass over the due watches. Never throws: a failing store is logged and tried at the next tick. */
  async tick(): Promise<void> {
    let due: WatchIndexEntry[];
    try {
      const now = this.now();
      due = (await this.options.store.index())
        .filter((entry) => entry.nextCheckAt <= now)
        .sort((a, b) => a.nextCheckAt - b.nextCheckAt);
    } catch (error) {
      this.options.logger.warn({ event: 'watchStoreFailed', error: describeError(error) }, 'could not list watches');
      return;
    }
    for (const entry of due) {
      if (this.stopped) return;
      await withCorrelationId(randomUUID(), () => this.checkOne(entry.id));
    }
  }

  private async checkOne(id: string): Promise<void> {
    const started = performance.now();
    let watch: WatchRecord | undefined;
    let outcome: CheckOutcome;
    try {
      const held = await this.claim(id);
      if (held === undefined) return;
      watch = held.value;
      outcome = await this.carryOut(held);
    } catch (error) {
      outcome = 'failed';
      this.options.logger.warn(
        { event: 'watchCheckFailed', watchCustomer: watch?.customerId, error: describeError(error) },
        'a watch check failed; it is tried again at the next round',
      );
    }
    if (outcome === 'claimedElsewhere' || watch === undefined) return;
    this.options.logger.info(
      {
        event: 'watchCheck',
        customerId: watch.customerId,
        round: watch.round,
        instance: this.instanceId,
        outcome,
        durationMs: Math.round(performance.now() - started),
      },
      'watch checked',
    );
  }

  /** This round of the watch, claimed for this instance; undefined when it is not due or another instance has it. */
  private async claim(id: string): Promise<Versioned<WatchRecord> | undefined> {
    const current = await this.options.store.read(id);
    const now = this.now();
    if (current === undefined || current.value.nextCheckAt > now) return undefined;
    const claimed = await this.options.store.replace(
      {
        ...current.value,
        nextCheckAt: nextCheckAfter(id, now, this.options.intervalMs),
        round: current.value.round + 1,
        claimedBy: this.instanceId,
      },
      current.version,
    );
    return claimed === 'conflict' ? undefined : claimed;
  }

  private async carryOut(held: Versioned<WatchRecord>): Promise<CheckOutcome> {
    const watch = held.value;
    if (watch.pending !== undefined) {
      await this.deliver(held, watch.pending);
      return 'pendingPosted';
    }
    if (this.now() >= Date.parse(watch.expiresAt)) {
      const saved = await this.save({ ...watch, pending: { kind: 'expired' } }, held.version);
      if (saved) await this.deliver(saved, { kind: 'expired' });
      return 'expired';
    }
    const access = await this.options.access.forWatch(watch);
    if (access === 'signInNeeded') return this.signInNeeded(held);
    const wait = this.pace.reserve();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const answer = await this.options.lookups.customer(
      {
        correlationId: randomUUID(),
        logger: this.options.logger,
        locale: watch.locale,
        userObjectId: watch.setBy.aadObjectId,
        asUser: access.asUser,
      },
      watch.customerId,
      // The name was read when the watch was set: one Partner Center call per check.
      watch.companyName === undefined
        ? {}
        : { known: { id: watch.customerId, companyName: watch.companyName, domain: watch.domain } },
    );
    if (answer.lookup === undefined) {
      // Never a change: the same watch is checked again at the next round.
      return isExpiredSignIn(answer.error) ? this.signInNeeded(held) : 'failed';
    }
    const state = stateOf(answer.lookup);
    const checked: WatchRecord = {
      ...watch,
      lastState: state,
      lastCheckedAt: new Date(this.now()).toISOString(),
      signInAsked: undefined,
    };
    if (watch.lastState === undefined) {
      await this.save(checked, held.version);
      return 'baseline';
    }
    const changes = changesBetween(watch.lastState, state);
    if (changes.length === 0) {
      await this.save(checked, held.version);
      return 'unchanged';
    }
    const notice: PendingNotice = { kind: 'change', changes, at: checked.lastCheckedAt ?? '', final: isFinal(state) };
    const saved = await this.save({ ...checked, pending: notice }, held.version);
    if (saved) await this.deliver(saved, notice);
    return 'changed';
  }

  /** User mode, the person's sign-in lapsed: asked once, then the watch waits (checked again each round). */
  private async signInNeeded(held: Versioned<WatchRecord>): Promise<CheckOutcome> {
    if (held.value.signInAsked === true) return 'waitingForSignIn';
    const notice: PendingNotice = { kind: 'signInAgain' };
    const saved = await this.save({ ...held.value, signInAsked: true, pending: notice }, held.version);
    if (saved) await this.deliver(saved, notice);
    return 'signInNeeded';
  }

  /** Posts a saved notice; then clears it, or ends the watch when the notice says it ends. */
  private async deliver(held: Versioned<WatchRecord>, notice: PendingNotice): Promise<void> {
    const watch = held.value;
    const outcome = await this.options.notifier.post(watch, notice);
    if (outcome === 'conversationGone') {
      const dropped = await this.options.list.dropConversation(watch.conversation);
      this.options.logger.warn(
        { event: 'watchConversationGone', dropped },
        'Teams says the conversation is gone or the bot was removed from it: its watches are dropped',
      );
      return;
    }
    if (outcome === 'failed') {
      this.options.logger.warn(
        { event: 'watchNoticeFailed', customerId: watch.customerId, notice: notice.kind },
        'could not post a watch notice; it is posted at the next round',
      );
      return;
    }
    this.options.logger.info(
      { event: 'watchNotice', customerId: watch.customerId, notice: notice.kind, instance: this.instanceId },
      'watch notice posted',
    );
    if (notice.kind === 'expired' || (notice.kind === 'change' && notice.final)) {
      await this.options.store.remove(watch.id);
      return;
    }
    await this.save({ ...watch, pending: undefined }, held.version);
  }

  /** A write of this round's record; undefined when it changed meanwhile (unwatched: nothing more to do). */
  private async save(record: WatchRecord, version: string): Promise<Versioned<WatchRecord> | undefined> {
    const { pending, signInAsked, ...rest } = record;
    const clean: WatchRecord = {
      ...rest,
      ...(pending !== undefined && { pending }),
      ...(signInAsked === true && { signInAsked }),
    };
    const saved = await this.options.store.replace(clean, version);
    return saved === 'conflict' ? undefined : saved;
  }
}
