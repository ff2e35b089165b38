// Stryker's command runner (stryker.config.json) starts this once per mutant. The command runner
// has no coverage analysis and no per-test selection, so this picks the specs: it finds the source
// file that holds the active mutant (Stryker's instrumenter marks each one as
// stryMutAct_9fa48("<id>") in its sandbox) and runs that file's own specs first, then the rest of
// its group, with --bail: a killed mutant usually costs one spec file, a survivor the whole group.
const { readFileSync, readdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

/** The specs in `folder` named after `name`: name.test.ts and name.<aspect>.test.ts. */
function named(folder, name) {
  return readdirSync(folder)
    .filter((f) => f === `${name}.test.ts` || (f.startsWith(`${name}.`) && f.endsWith('.test.ts')))
    .sort((a, b) => a.length - b.length)
    .map((f) => `${folder}/${f}`);
}
const PARTNER_CENTER = readdirSync('test/unit/partnerCenter')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/unit/partnerCenter/${f}`);
const own = (name) => [...named('test/unit/partnerCenter', name), ...PARTNER_CENTER];
/** The message understanding's specs: the fast tables first, the property tests last. */
const PARSER = [
  'test/unit/conversation/understanding/typos.test.ts',
  'test/unit/conversation/understanding/text.test.ts',
  'test/unit/conversation/phrasings.test.ts',
  'test/unit/conversation/commandParser.test.ts',
  'test/unit/conversation/commandParser.property.test.ts',
];
/** Source file (or folder, ending in /) → its specs, most specific first. */
const SPECS = {
  'src/cards/escape.ts': named('test/unit/cards', 'escape'),
  'src/conversation/commandParser.ts': PARSER,
  'src/conversation/understanding/': PARSER,
  'src/partnerCenter/companyName.ts': [
    'test/unit/partnerCenter/companyNameSearch.test.ts',
    'test/unit/conversation/phrasings.test.ts',
    ...PARTNER_CENTER,
  ],
  'src/conversation/accessGate.ts': named('test/unit/conversation', 'accessGate'),
  'src/partnerCenter/customerId.ts': [
    'test/unit/partnerCenter/customerId.test.ts',
    'test/unit/conversation/commandParser.property.test.ts',
    ...PARTNER_CENTER,
  ],
  'src/partnerCenter/client.ts': own('client'),
  'src/partnerCenter/requests.ts': [...named('test/unit/partnerCenter', 'requests'), ...own('client')],
  'src/partnerCenter/readBody.ts': own('client'),
  'src/partnerCenter/transport.ts': [...named('test/unit/partnerCenter', 'transport'), ...own('client')],
  'src/partnerCenter/customerSearch.ts': own('customerDirectory'),
  'src/partnerCenter/customers.ts': own('customers'),
  'src/partnerCenter/domain.ts': own('domain'),
  'src/partnerCenter/httpErrors.ts': own('httpErrors'),
  'src/partnerCenter/errors.ts': own('httpErrors'),
  'src/partnerCenter/normalise.ts': own('normalise'),
  'src/partnerCenter/resilience.ts': own('resilience'),
  'src/partnerCenter/failureRatioBreaker.ts': own('resilience'),
  'src/partnerCenter/circuitBreaker.ts': own('resilience'),
  'src/partnerCenter/callDeadline.ts': [...named('test/unit/partnerCenter', 'callDeadline'), ...own('resilience')],
  'src/partnerCenter/slots.ts': [...named('test/unit/partnerCenter', 'slots'), ...own('resilience')],
  'src/partnerCenter/': PARTNER_CENTER,
};

function sourceFiles(entry) {
  if (!entry.endsWith('/')) return [entry];
  return readdirSync(entry, { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(entry, f.split(path.sep).join('/')));
}

function specsFor(mutantId) {
  const all = [...new Set(Object.values(SPECS).flat())];
  if (mutantId === undefined) return all; // the dry run
  const marker = `stryMutAct_9fa48("${mutantId}")`;
  for (const [entry, specs] of Object.entries(SPECS)) {
    if (sourceFiles(entry).some((f) => readFileSync(f, 'utf8').includes(marker))) return [...new Set(specs)];
  }
  return all;
}

const specs = specsFor(process.env.__STRYKER_ACTIVE_MUTANT__).filter((spec) => {
  try {
    readFileSync(spec);
    return true;
  } catch {
    return false;
  }
});
const mocha = require.resolve('mocha/bin/mocha.js');
const args = [
  mocha,
  '--bail',
  '--reporter',
  'dot',
  '--require',
  path.join(__dirname, 'fastCheckEndOnFailure.cjs'),
  ...specs,
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
