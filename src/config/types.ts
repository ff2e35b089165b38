/** The validated configuration the bot runs with (config/index.ts reads it from the environment). */

export type PartnerCenterAuthMode = 'app' | 'user' | 'demo';
type QualificationApiSetting = 'qualifications' | 'qualification';
type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  readonly port: number;
  /**
   * Interfaces to listen on; undefined = all interfaces (what a cloud host needs). Without
   * MicrosoftAppId (no inbound authentication) and without HOST: loopback only, IPv4 and IPv6.
   */
  readonly listenHosts?: readonly string[];
  /**
   * Demo mode without MicrosoftAppId on a HOST beyond loopback: anyone who can reach it may use
   * the bot unauthenticated (sample data only; app/user mode refuse to start like this).
   */
  readonly anonymousBeyondLoopback: boolean;
  readonly logLevel: LogLevel;
  /** How long a stop (SIGTERM/SIGINT) waits for turns in flight before closing anyway. */
  readonly shutdownGraceMs: number;
  /** /healthz says "degraded" (503) while more turns than this are in flight. */
  readonly healthMaxTurnsInFlight: number;
  /** Who may use the bot (checked on every activity before the bot sees it). */
  readonly access: {
    /**
     * Lower-case tenant ids whose users may use the bot; undefined = any tenant (and activities
     * without a tenant id, such as the Bot Framework Emulator's).
     */
    readonly allowedTenantIds?: readonly string[];
    /** Where the policy came from (`nothing set` = any tenant by default), for the start-up log. */
    readonly allowedTenantsFrom: 'ALLOWED_TENANT_IDS' | 'MicrosoftAppTenantId' | 'nothing set';
    /** Messages per user per minute; 0 = no limit. */
    readonly userRateLimitPerMinute: number;
  };
  readonly bot: {
    readonly appId: string;
    readonly appPassword: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly appTenantId: string;
    /** Settings handed to botbuilder's ConfigurationBotFrameworkAuthentication as they are. */
    readonly botFrameworkSettings: Readonly<Record<string, string>>;
  };
  readonly partnerCenter: {
    readonly auth: PartnerCenterAuthMode;
    readonly baseUrl: string;
    readonly api: QualificationApiSetting;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly tenantId: string;
    readonly authorityHost: string;
    /** The Entra resource (App ID URI) of the Partner Center API: the scopes are made from it. */
    readonly resource: string;
    readonly timeoutMs: number;
    /** Overall time for one user command, retries and waits included. */
    readonly deadlineMs: number;
    /** The message extension's search and link unfurling: their lookups' overall time (Teams waits ~5 s). */
    readonly messageExtensionDeadlineMs: number;
    /** Most Partner Center requests in flight at once (the rest wait their turn). */
    readonly maxConcurrency: number;
    /** A 429 is waited out and retried only when its Retry-After is at most this many seconds. */
    readonly retryAfterCapSeconds: number;
    /** When the circuit breaker opens (see src/partnerCenter/resilience.ts) and for how long. */
    readonly breaker: {
      /** Share (0-1) of the attempts in the window that must fail with Partner Center trouble. */
      readonly failureRatio: number;
      readonly samplingMs: number;
      /** Fewer attempts in the window never open it. */
      readonly minimumThroughput: number;
      readonly halfOpenAfterMs: number;
    };
  };
  /** PARTNER_CENTER_AUTH=user only: how the user signs in (Azure Bot OAuth connection + Teams SSO). */
  readonly userSignIn?: {
    /** The Azure Bot resource's OAuth connection whose token is the Teams SSO token for api://botid-<app id>. */
    readonly connectionName: string;
    /** Where a tenant admin grants the app's Partner Center permission for everyone. */
    readonly adminConsentUrl: string;
  };
  /** Where dialog state (pending sign-ins) and the sign-in de-duplication records are kept. */
  readonly stateStorage: StateStorageKind;
  /** STATE_STORAGE=blob only: the Azure Storage account and container. */
  readonly blobStorage?: {
    /** A secret (it holds the account key or a SAS): never logged. */
    readonly connectionString: string;
    readonly container: string;
  };
  /** `watch <id>`: how often watched customers are checked, for how long, how many (see src/watch/). */
  readonly watch: {
    readonly intervalMs: number;
    readonly expiryMs: number;
    readonly maxPerConversation: number;
    readonly maxTotal: number;
    /** Each instance's Partner Center budget for checks. */
    readonly callsPerMinute: number;
  };
  /** `qualification for <id> <id> …`: how many customers one message may ask for, and how many at once. */
  readonly lookups: {
    readonly maxCustomersPerMessage: number;
    /** Customers looked up at the same time for one message (each: its qualifications and its name, in parallel). */
    readonly concurrency: number;
  };
}

/**
 * `memory`: this process only (one instance). `blob`: an Azure Blob Storage container that every
 * instance shares (src/state/blobStorage.ts).
 */
type StateStorageKind = 'memory' | 'blob';
