// `npm run package`: builds the Teams app package appPackage/qualification-bot.zip from manifest/:
// manifest.json (filled in), color.png, outline.png and the localization files that
// manifest.json's localizationInfo names (zh-tw.json), each checked offline first.
//
//   MicrosoftAppId  required  the bot's Entra app (client) id        -> bots[0].botId
//   TEAMS_APP_ID    optional  the Teams app id (default: the bot id)  -> id
//   BOT_DOMAIN      optional  the bot's host name                     -> added to validDomains
//   PARTNER_CENTER_AUTH  `user`: the command menu offers `sign out` (only then does the bot sign people in)
//   --out <dir>     optional  output directory (default: appPackage/ at the repository root)
//
// Reads .env at the repository root unless DOTENV_DISABLED=true. Never uses the network.
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { DEFAULT_OUT_DIR, REPO_ROOT, packageApp } from './appPackage';

const USAGE = 'usage: npm run package -- [--out <dir>]';

function parseOutDir(args: readonly string[]): { outDir: string } | { error: string } {
  let outDir = DEFAULT_OUT_DIR;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? args[++i] : arg.slice('--out='.length);
      if (!value) return { error: `--out needs a directory. ${USAGE}` };
      outDir = path.resolve(value);
    } else {
      return { error: `unknown argument "${arg}". ${USAGE}` };
    }
  }
  return { outDir };
}

function blockNetwork(): void {
  globalThis.fetch = (input: unknown) => {
    throw new Error(`network access is disabled in package-app (attempted ${String(input)})`);
  };
}

function printList(title: string, lines: readonly string[]): void {
  console.error(`${title}\n${lines.map((line) => `  - ${line}`).join('\n')}`);
}

async function main(): Promise<number> {
  blockNetwork();
  const args = parseOutDir(process.argv.slice(2));
  if ('error' in args) {
    console.error(args.error);
    return 1;
  }
  if (process.env.DOTENV_DISABLED !== 'true') {
    loadDotenv({ path: path.join(REPO_ROOT, '.env'), quiet: true });
  }
  const result = await packageApp({ env: process.env, outDir: args.outDir });
  if (!result.ok) {
    printList('Cannot build the Teams app package:', result.problems);
    return 1;
  }
  if (result.warnings.length > 0) printList('Warnings:', result.warnings);
  console.log(`Teams app package written to ${result.zipPath}`);
  console.log(`  Teams app id: ${result.vars.teamsAppId}`);
  console.log(`  bot id:       ${result.vars.botId}`);
  if (result.vars.botDomain) console.log(`  bot domain:   ${result.vars.botDomain}`);
  console.log(
    `  commands:     ${result.commands.join(', ')}` +
      (result.vars.userSignIn === true ? '' : ' (sign out only with PARTNER_CENTER_AUTH=user)'),
  );
  console.log(`  prompt starters: ${result.promptStarters.join(', ') || '(none)'}`);
  console.log(`  Microsoft 365 Copilot: ${result.copilot ? 'offered as an agent (copilotAgents)' : 'not offered'}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`package-app failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
