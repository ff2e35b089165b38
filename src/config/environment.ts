import { z } from 'zod';
import { GUID_PATTERN } from '../partnerCenter/customerId';

/**
 * The environment variables the bot reads, validated (zod). Every variable is documented in
 * .env.example; the names are part of the product's contract.
 */

/** botbuilder settings a deployment (sovereign cloud) or a test (local stand-ins) may override. */
export const BOT_FRAMEWORK_SETTINGS = [
  'ChannelService',
  'OAuthUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
  'ValidateAuthority',
] as const;

const GUID = GUID_PATTERN;

/** Empty or blank values count as "not set", as in most .env tooling. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );
}
const optionalText = optional(z.string().trim());

export const EnvSchema = z.object({
  PORT: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0-65535 (0 = any free port)')
      .max(65535, 'must be 0-65535 (0 = any free port)'),
  ),
  HOST: optionalText,
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  MicrosoftAppId: optional(z.string().regex(GUID, "must be a GUID (the bot's Entra app id)")),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])),
  MicrosoftAppTenantId: optional(z.string().regex(GUID, 'must be a GUID (your Entra tenant id)')),
  PARTNER_CENTER_BASE_URL: optionalText,
  PARTNER_CENTER_AUTH: optional(z.enum(['app', 'user', 'demo'])),
  PARTNER_CENTER_API: optional(z.enum(['qualifications', 'qualification'])),
  PARTNER_CENTER_CLIENT_ID: optional(z.string().regex(GUID, 'must be a GUID (an Entra app id)')),
  PARTNER_CENTER_CLIENT_SECRET: optionalText,
  PARTNER_CENTER_TENANT_ID: optional(
    z.string().regex(GUID, 'must be a GUID (the partner tenant id, not a domain or "common")'),
  ),
  PARTNER_CENTER_TIMEOUT_MS: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(120000, 'must be at most 120000'),
  ),
  PARTNER_CENTER_DEADLINE_MS: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(120000, 'must be at most 120000'),
  ),
  MESSAGE_EXTENSION_DEADLINE_MS: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(500, 'must be 500-4800 (Teams waits about 5 seconds for a message extension)')
      .max(4800, 'must be 500-4800 (Teams waits about 5 seconds for a message extension)'),
  ),
  PARTNER_CENTER_MAX_CONCURRENCY: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
  ),
  PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0-60 (0 = never wait)')
      .max(60, 'must be 0-60 (0 = never wait)'),
  ),
  PARTNER_CENTER_BREAKER_FAILURE_PERCENT: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-99').max(99, 'must be 1-99'),
  ),
  PARTNER_CENTER_BREAKER_WINDOW_SECONDS: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-3600').max(3600, 'must be 1-3600'),
  ),
  PARTNER_CENTER_BREAKER_MIN_CALLS: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-100000').max(100000, 'must be 1-100000'),
  ),
  PARTNER_CENTER_BREAKER_BREAK_SECONDS: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-3600').max(3600, 'must be 1-3600'),
  ),
  AAD_AUTHORITY_HOST: optionalText,
  ALLOWED_TENANT_IDS: optionalText,
  USER_RATE_LIMIT_PER_MINUTE: optional(
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0-10000 (0 = no limit)')
      .max(10000, 'must be 0-10000 (0 = no limit)'),
  ),
  OAUTH_CONNECTION_NAME: optional(
    z
      .string()
      .trim()
      .max(200, 'must be at most 200 characters')
      .regex(/^[^\s/?#%]+$/, 'must be the OAuth connection name from the Azure Bot resource (no spaces or /?#%)'),
  ),
  STATE_STORAGE: optional(z.enum(['memory', 'blob'])),
  STATE_STORAGE_CONNECTION_STRING: optionalText,
  STATE_STORAGE_CONTAINER: optional(
    z
      .string()
      .trim()
      .regex(
        /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
        'must be a blob container name: 3-63 lower-case letters, digits and single hyphens, starting and ending ' +
          'with a letter or digit',
      ),
  ),
  PARTNER_CENTER_RESOURCE: optionalText,
  MAX_CUSTOMERS_PER_MESSAGE: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-100').max(100, 'must be 1-100'),
  ),
  LOOKUP_CONCURRENCY: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-20').max(20, 'must be 1-20'),
  ),
  WATCH_POLL_SECONDS: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-86400').max(86400, 'must be 1-86400'),
  ),
  WATCH_EXPIRY_DAYS: optional(
    z.coerce.number().positive('must be more than 0 (fractions allowed)').max(365, 'must be at most 365'),
  ),
  WATCH_MAX_PER_CONVERSATION: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-1000').max(1000, 'must be 1-1000'),
  ),
  WATCH_MAX_TOTAL: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-100000').max(100000, 'must be 1-100000'),
  ),
  WATCH_CALLS_PER_MINUTE: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-500').max(500, 'must be 1-500'),
  ),
  HEALTHZ_MAX_TURNS_IN_FLIGHT: optional(
    z.coerce.number().int('must be a whole number').min(1, 'must be 1-100000').max(100000, 'must be 1-100000'),
  ),
  SHUTDOWN_GRACE_MS: optional(
    z.coerce.number().int('must be a whole number').min(0, 'must be 0-600000').max(600000, 'must be 0-600000'),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message;
    return `${variable}: ${message}`;
  });
}
