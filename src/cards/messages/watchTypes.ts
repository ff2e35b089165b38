/**
 * The words of watching (`watch`, `unwatch`, `watching`, the notices the watcher posts). Functions
 * take outside text (a company name, a tenant id, a state as Partner Center gives it) with a
 * placeholder, exactly once each (see types.ts).
 */
export interface WatchMessages {
  readonly commands: {
    /** Canonical tenant ids (or domains). */
    readonly watch: (targets: readonly string[]) => string;
    readonly unwatch: (targets: readonly string[]) => string;
    readonly watching: string;
  };
  /** Button on the result card. */
  readonly watchButton: string;
  readonly stopWatchingButton: string;
  readonly listButton: string;
  /** `watch …` answered. */
  readonly setTitle: string;
  /** "<customer>: <state>" for one customer of the answer or the list. */
  readonly customerState: (customer: string, state: string) => string;
  readonly newlyWatched: (interval: string, days: string) => string;
  readonly alreadyWatched: (customer: string) => string;
  /** STATE_STORAGE=memory: said with every `watch` answer. */
  readonly memoryOnly: string;
  readonly conversationLimit: (limit: number) => string;
  readonly totalLimit: (limit: number) => string;
  readonly domainNotOne: (domain: string) => string;
  readonly lookupFailed: (customer: string) => string;
  /** `watch` without a customer, or with something that is not a tenant id or domain. */
  readonly watchWhat: string;
  readonly unwatchWhat: string;
  readonly stopped: (customers: string) => string;
  readonly notWatched: (customers: string) => string;
  /** `watching`. */
  readonly listTitle: string;
  readonly listEmpty: string;
  readonly lastChecked: (when: string) => string;
  readonly neverChecked: string;
  readonly waitingForSignIn: string;
  /** The proactive card. */
  readonly changeTitle: string;
  readonly added: (qualification: string, state: string) => string;
  readonly removed: (qualification: string, state: string) => string;
  readonly changed: (qualification: string, from: string, to: string) => string;
  /** `when` is Adaptive Card DATE()/TIME() markup. */
  readonly seenAt: (when: string) => string;
  readonly ended: string;
  readonly continues: string;
  /** Plain-text messages. */
  readonly expired: (customer: string, days: string) => string;
  readonly signInAgain: (customer: string, command: string) => string;
  readonly storeUnavailable: (correlationId: string) => string;
  /** Any watch command in Microsoft 365 Copilot, which cannot post later: where watching works instead. */
  readonly notInCopilot: (exampleCommand: string) => string;
  /** How often: "15 minutes", "1 second". */
  readonly every: (seconds: number) => string;
  readonly days: (days: number) => string;
  /** A state with no qualification. */
  readonly noQualification: string;
}
