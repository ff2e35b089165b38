import { MeasuredProcess } from './processes';
import { CLIENT_ID, CLIENT_SECRET, EXTRA_NODE_ARGS, PARTNER_TENANT_ID } from './settings';
import type { StandIns } from './standIns';

/**
 * The processes the benchmark measures. The bot is the compiled one (dist/src/index.js), run as
 * `npm start` runs it, in app mode against the stand-ins; the baselines are bench/baselines.ts,
 * compiled by bench/tsconfig.json and run as plain node like the bot. BENCH_NODE_ARGS goes to
 * the bot and the echo bot (not the bare route).
 */

function botEnv({ pc, entra }: StandIns, logLevel: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DOTENV_DISABLED: 'true',
    LOG_LEVEL: logLevel,
    PARTNER_CENTER_AUTH: 'app',
    PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
    PARTNER_CENTER_CLIENT_SECRET: CLIENT_SECRET,
    PARTNER_CENTER_TENANT_ID: PARTNER_TENANT_ID,
    AAD_AUTHORITY_HOST: entra.authorityHost,
    PARTNER_CENTER_BASE_URL: pc.url,
    NODE_EXTRA_CA_CERTS: entra.caPath,
    USER_RATE_LIMIT_PER_MINUTE: '0',
    ALLOWED_TENANT_IDS: '*',
    MicrosoftAppId: '',
  };
}

export function startBot(name: string, standIns: StandIns, logLevel = 'warn'): Promise<MeasuredProcess> {
  const nodeArgs = [...EXTRA_NODE_ARGS, '--no-deprecation', 'dist/src/index.js'];
  return MeasuredProcess.start(name, nodeArgs, botEnv(standIns, logLevel));
}

export function startEchoBot(): Promise<MeasuredProcess> {
  const nodeArgs = [...EXTRA_NODE_ARGS, 'bench/dist/baselines.js', 'echo'];
  return MeasuredProcess.start('echo', nodeArgs, { NODE_ENV: 'production' });
}

export function startBareRoute(): Promise<MeasuredProcess> {
  return MeasuredProcess.start('bare', ['bench/dist/baselines.js', 'bare'], { NODE_ENV: 'production' });
}
