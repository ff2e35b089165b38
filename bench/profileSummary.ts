import { readFileSync } from 'node:fs';

/**
 * Where a bot process's CPU time went, from a `--cpu-prof` profile (BENCH_NODE_ARGS): self time by
 * package and by function, and the share of busy samples each package is on the stack for. Idle
 * samples are left out, and so is start-up: samples before the first one inside a turn
 * (botbuilder-core on the stack, not loading a module), and any sample that is loading a module.
 *
 *   node --require tsx/cjs bench/profileSummary.ts <profile>[:turns] [<baseline profile>[:turns]]
 *
 * `turns` is what BENCH_ONLY=profile|distinct prints for that pid: with it, times are also given
 * per turn. With a second profile (e.g. the echo bot's), the self time by package of both, per
 * turn, side by side, biggest difference first: what the bot costs beyond the baseline.
 * BENCH_PROFILE_TOP (default 25) sets how many rows each table shows.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Summary {
  busyMs: number;
  turns: number;
  self: Map<string, number>;
  selfByFunction: Map<string, number>;
  onStack: Map<string, number>;
}

const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25);
const MODULE_LOADING = /^(Module\._compile|Module\._load|Module\.require|require|wrapSafe|compileFunction|loadESM)$/;
/** A turn of any botbuilder bot (the bot or the echo bot) runs in botbuilder-core. */
const IN_A_TURN = /node_modules\/botbuilder-core\//;

/** `botbuilder-core`, `@azure/msal-node`, `bot: src/cards`, `node: internal/streams`, or `(garbage collector)`. */
function packageOf(frame: CallFrame): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (modules) return modules[1];
  const own = /\/dist\/(src\/[^/]+)/.exec(frame.url);
  if (own) return `bot: ${own[1]}`;
  if (frame.url.startsWith('node:')) return `node: ${frame.url.slice(5).split('/').slice(0, 2).join('/')}`;
  return frame.url === '' ? frame.functionName : frame.url;
}

function functionOf(frame: CallFrame): string {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function summarise(profile: Profile, turns: number): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): CallFrame[] => {
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
    return frames;
  };
  const summary: Summary = { busyMs: 0, turns, self: new Map(), selfByFunction: new Map(), onStack: new Map() };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let started = false;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frames = stack(id);
    const loading = frames.some((f) => MODULE_LOADING.test(f.functionName));
    started ||= !loading && frames.some((f) => IN_A_TURN.test(f.url));
    if (!started || loading || frames[0].functionName === '(idle)') return;
    summary.busyMs += ms;
    add(summary.self, packageOf(frames[0]), ms);
    add(summary.selfByFunction, functionOf(frames[0]), ms);
    for (const pkg of new Set(frames.map(packageOf))) add(summary.onStack, pkg, ms);
  });
  return summary;
}

const perTurn = (ms: number, turns: number) =>
  turns > 0 ? `${((1000 * ms) / turns).toFixed(0).padStart(6)} µs/turn` : '';

function table(title: string, counts: Map<string, number>, s: Summary): void {
  console.log(`\n${title}`);
  for (const [name, ms] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    const share = `${((100 * ms) / s.busyMs).toFixed(1).padStart(5)}%`;
    console.log(`  ${share}  ${ms.toFixed(0).padStart(6)} ms  ${perTurn(ms, s.turns)}  ${name}`);
  }
}

function compare(bot: Summary, base: Summary): void {
  const us = (s: Summary, k: string) => (1000 * (s.self.get(k) ?? 0)) / s.turns;
  const names = [...new Set([...bot.self.keys(), ...base.self.keys()])];
  const rows = names.map((k) => ({ k, bot: us(bot, k), base: us(base, k) }));
  rows.sort((a, b) => b.bot - b.base - (a.bot - a.base));
  console.log(`\nSelf time by package, µs per turn: this profile, the baseline, the difference`);
  console.log(`  ${perTurn(bot.busyMs, bot.turns)}  ${perTurn(base.busyMs, base.turns)}  in all (busy samples)`);
  for (const r of rows.slice(0, TOP)) {
    const cells = [r.bot, r.base, r.bot - r.base].map((x) => x.toFixed(0).padStart(6));
    console.log(`  ${cells.join('  ')}  ${r.k}`);
  }
}

function load(argument: string): Summary {
  const [, file, turns] = /^(.*?)(?::(\d+))?$/.exec(argument)!;
  return summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(turns ?? 0));
}

const [first, second] = process.argv.slice(2);
if (!first) {
  console.error('usage: node --require tsx/cjs bench/profileSummary.ts <profile>[:turns] [<baseline profile>[:turns]]');
  process.exit(2);
}
const bot = load(first);
const botPerTurn = bot.turns > 0 ? `, ${perTurn(bot.busyMs, bot.turns).trim()}` : '';
console.log(`${bot.busyMs.toFixed(0)} ms busy after start-up${botPerTurn}`);
table('Self time by package:', bot.self, bot);
table('Self time by function:', bot.selfByFunction, bot);
table('On the stack (inclusive) by package:', bot.onStack, bot);
if (second) {
  const base = load(second);
  if (bot.turns > 0 && base.turns > 0) compare(bot, base);
  else console.error('a comparison needs the turns of both profiles (<file>:<turns>)');
}
