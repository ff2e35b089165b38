// What the Teams schema does not check about offering the bot in Microsoft 365 Copilot (a custom
// engine agent, `copilotAgents.customEngineAgents`) and about its prompt starters: the v1.30 schema
// accepts an agent whose id is no bot of the app, a bot without the personal scope, and a prompt
// command without a prompt, all of which Teams refuses or shows as nothing.

/** As in appPackage.ts (not imported from there: that module imports this one). */
type JsonObject = { [key: string]: unknown };

const FILE = 'manifest.json';

/** The first manifest version with `copilotAgents.customEngineAgents`. */
const FIRST_CUSTOM_ENGINE_AGENT_VERSION = [1, 22] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** "1.30" → [1, 30]; undefined for anything else (e.g. "devPreview"). */
function versionOf(value: unknown): readonly [number, number] | undefined {
  const match = typeof value === 'string' ? /^(\d+)\.(\d+)$/.exec(value) : null;
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function atLeast(version: readonly [number, number], least: readonly [number, number]): boolean {
  return version[0] > least[0] || (version[0] === least[0] && version[1] >= least[1]);
}

/** True when the manifest offers the bot in Microsoft 365 Copilot. */
export function offersCopilotAgent(manifest: JsonObject): boolean {
  return customEngineAgents(manifest).length > 0;
}

/** The custom engine agents the manifest declares ([] when it offers none). */
function customEngineAgents(manifest: JsonObject): unknown[] {
  return isObject(manifest.copilotAgents) ? listOf(manifest.copilotAgents.customEngineAgents) : [];
}

/**
 * A custom engine agent of type bot must be a bot of this app (same id) that has the personal
 * scope (Copilot talks to it as in a 1:1 chat) and the copilot scope, in a manifest of version
 * 1.22 or later.
 */
export function customEngineAgentProblems(manifest: JsonObject): string[] {
  const agents = customEngineAgents(manifest);
  if (agents.length === 0) return [];
  const problems: string[] = [];
  const version = versionOf(manifest.manifestVersion);
  if (version === undefined || !atLeast(version, FIRST_CUSTOM_ENGINE_AGENT_VERSION)) {
    problems.push(
      `${FILE}: copilotAgents.customEngineAgents needs manifestVersion 1.22 or later (and the $schema of that ` +
        `version), not ${JSON.stringify(manifest.manifestVersion)}.`,
    );
  }
  const bots = listOf(manifest.bots);
  agents.forEach((agent, index) => {
    const where = `${FILE}: copilotAgents.customEngineAgents[${index}]`;
    if (!isObject(agent) || agent.type !== 'bot') return;
    const bot = bots.find((candidate) => isObject(candidate) && candidate.botId === agent.id);
    if (!isObject(bot)) {
      problems.push(
        `${where}.id ${JSON.stringify(agent.id)} is not the id of a bot in bots[]; it must be the bot's id ` +
          '(bots[0].botId, both filled from MicrosoftAppId).',
      );
      return;
    }
    const scopes = listOf(bot.scopes);
    const botIndex = bots.indexOf(bot);
    for (const scope of ['personal', 'copilot']) {
      if (!scopes.includes(scope)) {
        problems.push(
          `${FILE}: bots[${botIndex}].scopes must include "${scope}" ` +
            `(copilotAgents.customEngineAgents[${index}] is that bot).`,
        );
      }
    }
  });
  return problems;
}

/** The prompt starters: every command of type prompt, where it is (for messages and localization keys). */
export function promptStarters(manifest: JsonObject): Array<{ key: string; command: JsonObject }> {
  return listOf(manifest.bots).flatMap((bot, b) =>
    isObject(bot)
      ? listOf(bot.commandLists).flatMap((list, l) =>
          isObject(list)
            ? listOf(list.commands).flatMap((command, c) =>
                isObject(command) && command.type === 'prompt'
                  ? [{ key: `bots[${b}].commandLists[${l}].commands[${c}]`, command }]
                  : [],
              )
            : [],
        )
      : [],
  );
}

/** A prompt starter puts its `prompt` into the compose box: without one it has nothing to offer. */
export function promptStarterProblems(manifest: JsonObject): string[] {
  return promptStarters(manifest)
    .filter(({ command }) => typeof command.prompt !== 'string' || command.prompt.trim() === '')
    .map(({ key }) => `${FILE}: ${key} is of type "prompt" but has no prompt text; give it a "prompt".`);
}
