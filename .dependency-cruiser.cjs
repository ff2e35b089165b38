/**
 * The layers (docs/architecture.md) and the rules that keep them apart. `npm run lint` checks
 * them with dependency-cruiser: `depcruise src test scripts bench`.
 *
 *   host ── calls ──▶ conversation ──▶ signIn
 *                          │              │
 *                          ▼              ▼
 *                        lookup ──▶ partnerCenter        cards ◀── conversation
 *                          ▲
 *                        watch (the watcher; ports given by index.ts)
 *
 * botbuilder lives in conversation/, signIn/ and state/ only: a move to the Microsoft 365 Agents
 * SDK replaces those and leaves the rest as it is.
 */
const BOT_FRAMEWORK = '^node_modules/(botbuilder|botbuilder-[^/]+|botframework-[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'bot-framework-only-at-the-edge',
      comment: 'botbuilder is used by conversation/, signIn/ and state/ only (the Agents SDK port touches those).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(conversation|signIn|state)/' },
      to: { path: BOT_FRAMEWORK },
    },
    {
      name: 'host-knows-no-bot',
      comment: 'The HTTP host knows the bot as one function it is given; it imports no other layer.',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { path: '^src/', pathNot: ['^src/host/', '^src/shared/'] },
    },
    {
      name: 'cards-are-pure',
      comment: 'Cards are pure functions of view models: never the conversation, sign-in, host or lookups.',
      severity: 'error',
      from: { path: '^src/cards/' },
      to: { path: '^src/(conversation|signIn|host|lookup|state|demo)/' },
    },
    {
      name: 'lookup-below-the-conversation',
      comment: 'The use cases know Partner Center, not Teams: no conversation, sign-in, cards or host.',
      severity: 'error',
      from: { path: '^src/lookup/' },
      to: { path: '^src/(conversation|signIn|cards|host|state|demo|watch)/' },
    },
    {
      name: 'watch-below-the-conversation',
      comment:
        'The watcher checks through the lookups and posts through the ports it is given (watch/ports.ts): no ' +
        'conversation, sign-in, cards, host, state or demo code, no botbuilder.',
      severity: 'error',
      from: { path: '^src/watch/' },
      to: { path: '^src/(conversation|signIn|cards|host|state|demo)/' },
    },
    {
      name: 'cards-see-only-watch-types',
      comment: 'Cards render the watch view models (watch/changes.ts): types only, never the watcher itself.',
      severity: 'error',
      from: { path: '^src/cards/' },
      to: { path: '^src/watch/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'partner-center-is-a-client',
      comment: 'The Partner Center client knows nothing above it.',
      severity: 'error',
      from: { path: '^src/partnerCenter/' },
      to: { path: '^src/(conversation|signIn|cards|host|lookup|state|demo|watch)/' },
    },
    {
      name: 'sign-in-below-the-conversation',
      comment: 'Sign-in is called by the conversation through one interface; it does not call back into it.',
      severity: 'error',
      from: { path: '^src/signIn/' },
      to: { path: '^src/(conversation|host|demo)/' },
    },
    {
      name: 'demo-only-from-the-composition',
      comment: 'The simulator is not on the production path: only the composition loads it, in demo mode.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/demo/', '^src/partnerCenterAccess\\.ts$'] },
      to: { path: '^src/demo/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead or misplaced.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c|m)?js$',
          '\\.d\\.ts$',
          '^test/setup\\.ts$', // loaded by .mocharc.json "require"
          '^test/helpers/processFaults\\.cjs$', // preloaded into a child process with --require
          '^test/e2e/loopbackOnly\\.cjs$', // preloaded into the Playground process
          '^test/mutation/', // started by Stryker's command runner
          '^bench/loadWorker\\.js$', // a worker thread, started by path
        ],
      },
      to: {},
    },
    {
      name: 'src-reachable-from-the-entry-point',
      comment: 'Production code that src/index.ts never reaches is test-only or dead.',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/', pathNot: '\\.json$', reachable: false },
    },
    { name: 'src-not-to-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(test|bench|scripts)/' } },
    {
      name: 'src-not-to-dev-dependencies',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
    {
      name: 'no-non-package-json',
      comment: 'Every package imported is in package.json (not just present in node_modules).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^bench/dist/', '^coverage/', '^reports/', '^\\.stryker-tmp/'] },
    // Count `import type` too: a type from botbuilder is still a dependency on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
  },
};
