/**
 * The benchmark's knobs (environment variables) and fixed values, in one place.
 *
 * Knobs: BENCH_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_LEAK_TURNS (50000),
 * BENCH_LEAK_MAX_SECONDS (150), BENCH_INFO_RUN (1; 0 skips the LOG_LEVEL=info run),
 * BENCH_ONLY (profile: echo bot, one lookup and the every-customer-different lookup only;
 * distinct: echo bot and the every-customer-different lookup only; interleaved: the three of them
 * in turns of 1 s, see interleaved.ts), BENCH_INTERLEAVED_CYCLES (20), BENCH_NODE_ARGS (extra node
 * flags for the bot and the echo bot, e.g. --cpu-prof --cpu-prof-dir=…), BENCH_TEXT (another
 * message for the one-customer lookup runs, e.g. "help").
 */

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
export const LEAK_FIRST = 5_000;
export const LEAK_TURNS = Number(process.env.BENCH_LEAK_TURNS ?? 50_000);
export const LEAK_MAX_SECONDS = Number(process.env.BENCH_LEAK_MAX_SECONDS ?? 150);
export const INFO_RUN = process.env.BENCH_INFO_RUN !== '0';
export const ONLY = process.env.BENCH_ONLY;
export const INTERLEAVED_CYCLES = Number(process.env.BENCH_INTERLEAVED_CYCLES ?? 20);
export const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
export const TEXT = process.env.BENCH_TEXT;

export const WARMUP_MS = 2000;
/** Partner Center's answer time in the "+200 ms" lookup and the 20-customer message. */
export const PC_DELAY_MS = 200;
/**
 * The Partner Center stand-in answers 429 when more requests than this are in flight at once
 * (PARTNER_CENTER_MAX_CONCURRENCY's default).
 */
export const PC_MAX_IN_FLIGHT = 10;

/** The one customer of the same-customer runs. */
export const CUSTOMER = '00000000-0000-4000-8000-000000000001';
/** Every-customer-different runs: this prefix and 12 hex digits from the request number. */
export const DISTINCT_CUSTOMER_PREFIX = '00000000-0000-4000-a000-';

export const PARTNER_TENANT_ID = '7d1c3b2a-1111-4a2b-9c3d-00000000b001';
export const CLIENT_ID = '5e2f4c3b-2222-4b3c-8d4e-00000000b001';
export const CLIENT_SECRET = 'bench-secret';
export const ACCESS_TOKEN = 'bench-access-token';
