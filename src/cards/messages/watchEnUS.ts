import type { WatchMessages } from './watchTypes';

export const watchEnUS: WatchMessages = {
  commands: {
    watch: (targets) => `watch ${targets.join(', ')}`,
    unwatch: (targets) => `unwatch ${targets.join(', ')}`,
    watching: 'watching',
  },
  watchButton: 'Watch',
  stopWatchingButton: 'Stop watching',
  listButton: 'Watched here',
  setTitle: 'Watching',
  customerState: (customer, state) => `${customer}: ${state}`,
  newlyWatched: (interval, days) =>
    `I'll post here when a qualification or its vetting status changes. Checked every ${interval}; a watch ends ` +
    `when vetting is Approved or Denied, or after ${days}.`,
  alreadyWatched: (customer) => `${customer} is already watched in this conversation.`,
  memoryOnly: "Watches are kept in this bot's memory only (STATE_STORAGE=memory): a restart of the bot forgets them.",
  conversationLimit: (limit) =>
    `This conversation watches as many customers as it may (${limit}). Stop one first (send watching for the list).`,
  totalLimit: (limit) =>
    `The bot watches as many customers as it may in all (${limit}). Ask your admin, or stop a watch first.`,
  domainNotOne: (domain) => `${domain} is not exactly one of your customers' domains: watch it by tenant id.`,
  lookupFailed: (customer) => `Couldn't look ${customer} up to watch it. Try again in a moment.`,
  watchWhat: 'Say which customer to watch: watch {customer-tenant-id} or watch {domain}, several separated by spaces.',
  unwatchWhat: 'Say which customer to stop watching: unwatch {customer-tenant-id}, or send watching for the list.',
  stopped: (customers) => `Stopped watching ${customers}.`,
  notWatched: (customers) => `Not watched in this conversation: ${customers}.`,
  listTitle: 'Watched in this conversation',
  listEmpty: 'Nothing is watched here. Send watch {customer-tenant-id} to be told when a customer’s vetting changes.',
  lastChecked: (when) => `last checked ${when}`,
  neverChecked: 'not checked yet',
  waitingForSignIn: 'waiting for a new sign-in',
  changeTitle: 'Qualification changed',
  added: (qualification, state) => `${qualification}: added, ${state}`,
  removed: (qualification, state) => `${qualification}: removed (was ${state})`,
  changed: (qualification, from, to) => `${qualification}: ${from} → ${to}`,
  seenAt: (when) => `Seen ${when}`,
  ended: 'Vetting is over, so this watch has ended. Send watch again to keep watching.',
  continues: 'Still watching.',
  expired: (customer, days) =>
    `The watch of ${customer} ended: watches last ${days}. Send watch with its tenant id to watch it again.`,
  signInAgain: (customer, command) =>
    `Your Partner Center sign-in has lapsed, so the watch of ${customer} is waiting. Sign in again (send ` +
    `${command}) and it carries on.`,
  storeUnavailable: (correlationId) =>
    `Couldn't reach the storage where watches are kept. Try again in a moment (correlation id: ${correlationId}).`,
  notInCopilot: (exampleCommand) =>
    'Watching works in Teams chats and channels, not in Microsoft 365 Copilot: Copilot can’t show a message I send ' +
    'later. In Microsoft Teams, open the chat with Qualification Check (Apps, then Qualification Check), or ' +
    `@mention Qualification Check in a group chat or channel it was added to, and send ${exampleCommand} there.`,
  every: (seconds) =>
    seconds % 3600 === 0
      ? plural(seconds / 3600, 'hour')
      : seconds % 60 === 0
        ? plural(seconds / 60, 'minute')
        : plural(seconds, 'second'),
  days: (days) =>
    days >= 1 ? plural(Math.round(days), 'day') : plural(Math.max(1, Math.round(days * 24 * 60)), 'minute'),
  noQualification: 'no qualification',
};

function plural(n: number, unit: string): string {
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}
