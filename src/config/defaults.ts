/**
 * Every default the bot has, in one place. config/index.ts applies them to what the environment
 * leaves unset; the modules take their settings as options and fall back to these only where a
 * caller (a test, a tool) may leave one out.
 */
export const DEFAULTS = {
  port: 3978,
  logLevel: 'info',
  /** Longer than the lookup deadline, so a lookup in flight can finish. */
  shutdownGraceMs: 15_000,
  /** Ten times the Partner Center concurrency: more turns than this in flight is a pile-up. */
  healthMaxTurnsInFlight: 100,
  /** Largest request body accepted on /api/messages (Bot Framework activities are far smaller). */
  maxRequestBodyBytes: 512 * 1024,
  /** A reply to the channel (send, update, typing): its whole time, attempts and waits included. */
  replyTimeoutMs: 5_000,
  /** Attempts of one reply: a failed reply target must not hold the turn for long. */
  replyAttempts: 2,
  userRateLimitPerMinute: 30,
  partnerCenterBaseUrl: 'https://api.partnercenter.microsoft.com',
  authorityHost: 'https://login.microsoftonline.com',
  qualificationApi: 'qualifications',
  /** All three attempts of a retried request fit in the deadline. */
  partnerCenterTimeoutMs: 5_000,
  /** Teams shows an error when a bot takes more than about 15 seconds. */
  partnerCenterDeadlineMs: 12_000,
  /**
   * The message extension's search and link unfurling: Teams waits about 5 seconds for its answer,
   * so the lookups stop in time to say "still looking" instead of nothing.
   */
  messageExtensionDeadlineMs: 4_000,
  partnerCenterMaxConcurrency: 10,
  retryAfterCapSeconds: 5,
  /** resilience4j's ratio; Polly v8 / Microsoft.Extensions.Http.Resilience's window, minimum and break. */
  breaker: { failureRatio: 0.5, samplingMs: 30_000, minimumThroughput: 100, halfOpenAfterMs: 5_000 },
  stateStorage: 'memory',
  /** STATE_STORAGE=blob: the container the bot creates when it is missing. */
  stateStorageContainer: 'qualification-bot-state',
  /**
   * Blob records (pending sign-ins, token-exchange de-duplication) are ignored once this old and
   * deleted by the storage account's lifecycle rule (docs/going-live.md), whose unit is the day.
   * Requests to the store: short timeouts and few retries, so that a store that is down gives a
   * clear answer well within Teams' 15 seconds.
   */
  blobStorage: { recordTtlMs: 24 * 60 * 60 * 1000, tryTimeoutMs: 2_000, maxTries: 3, retryDelayMs: 100 },
  /** The Partner Center API's Entra resource (App ID URI) when the base URL names no other cloud. */
  partnerCenterResource: 'https://api.partnercenter.microsoft.com',
  /** Partner Center hosts whose Entra resource is not the public one (21Vianet answers for its own). */
  partnerCenterResourceByHost: {
    'partner.partnercenterapi.microsoftonline.cn': 'https://partner.partnercenterapi.microsoftonline.cn',
  } as Readonly<Record<string, string>>,
  maxCustomersPerMessage: 20,
  lookupConcurrency: 5,
  /**
   * Watches (src/watch/): each watched customer is checked once per poll (one Partner Center call:
   * its name is known from when the watch was set). 500 watches every 900 s are 33 calls a minute
   * in all, under the watcher's budget of 50 a minute per instance: a tenth of the 500 requests a
   * minute Partner Center documents for its Customer resource, the rest left for people's lookups.
   */
  watch: { pollSeconds: 900, expiryDays: 30, maxPerConversation: 20, maxTotal: 500, callsPerMinute: 50 },
  /** Company names remembered (see lookup/companyNames.ts). */
  companyNames: { ttlMs: 15 * 60 * 1000, maxEntries: 5_000 },
} as const;
