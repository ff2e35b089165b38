// The bot's command menu in the Teams app package: `sign out` is offered only when the bot signs
// people in (PARTNER_CENTER_AUTH=user). Anywhere else the bot answers it with "there's nothing to
// sign out of", so the package built for app-only (or demo) access leaves it out of the menu, and
// out of each localization file (whose keys name commands by index, so later ones move up).

/** As in appPackage.ts (not imported from there: that module imports this one). */
type JsonObject = { [key: string]: unknown };
type LocalizationFiles = ReadonlyMap<string, Buffer>;

/** The title of the sign-out command in manifest/manifest.json. */
export const SIGN_OUT_TITLE = 'sign out';

const COMMAND_KEY = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(.+)$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `bots[b].commandLists[l]` → the indexes of the commands removed from it, for each list that lost one. */
type Removed = Map<string, number[]>;

function listKey(bot: number, list: number): string {
  return `${bot}/${list}`;
}

/** The manifest without the sign-out command in any command list, and which commands went. */
function manifestWithoutSignOut(manifest: JsonObject): { manifest: JsonObject; removed: Removed } {
  const removed: Removed = new Map();
  if (!Array.isArray(manifest.bots)) return { manifest, removed };
  const bots = (manifest.bots as unknown[]).map((bot, b) => {
    if (!isObject(bot) || !Array.isArray(bot.commandLists)) return bot;
    const commandLists = (bot.commandLists as unknown[]).map((list, l) => {
      if (!isObject(list) || !Array.isArray(list.commands)) return list;
      const commands = list.commands as unknown[];
      const gone = commands.flatMap((command, c) => (isObject(command) && command.title === SIGN_OUT_TITLE ? [c] : []));
      if (gone.length === 0) return list;
      removed.set(listKey(b, l), gone);
      return { ...list, commands: commands.filter((_, c) => !gone.includes(c)) };
    });
    return { ...bot, commandLists };
  });
  return { manifest: removed.size === 0 ? manifest : { ...manifest, bots }, removed };
}

/** A localization's keys for the removed commands dropped, and those of later commands renumbered. */
function localizationWithout(localization: JsonObject, removed: Removed): JsonObject {
  const entries = Object.entries(localization).flatMap(([key, value]): Array<[string, unknown]> => {
    const match = COMMAND_KEY.exec(key);
    if (!match) return [[key, value]];
    const [, bot = '', list = '', command = '', field = ''] = match;
    const gone = removed.get(listKey(Number(bot), Number(list)));
    if (gone === undefined) return [[key, value]];
    if (gone.includes(Number(command))) return [];
    const index = Number(command) - gone.filter((c) => c < Number(command)).length;
    return [[`bots[${bot}].commandLists[${list}].commands[${index}].${field}`, value]];
  });
  return Object.fromEntries(entries);
}

/**
 * The manifest and localization files for a bot that does not sign people in: no `sign out` in
 * the command menu. Localization files that are not JSON objects are passed on as they are (the
 * package checks report them).
 */
export function withoutSignOut(
  manifest: JsonObject,
  localizations: LocalizationFiles,
): { manifest: JsonObject; localizations: LocalizationFiles } {
  const result = manifestWithoutSignOut(manifest);
  if (result.removed.size === 0) return { manifest, localizations };
  const files = new Map<string, Buffer>();
  for (const [file, content] of localizations) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    files.set(
      file,
      isObject(parsed)
        ? Buffer.from(`${JSON.stringify(localizationWithout(parsed, result.removed), null, 2)}\n`)
        : content,
    );
  }
  return { manifest: result.manifest, localizations: files };
}

/** The titles of the command menu (every list; not the prompt starters), for the packaging summary. */
export function commandTitles(manifest: JsonObject): string[] {
  const titles = new Set<string>();
  for (const bot of Array.isArray(manifest.bots) ? (manifest.bots as unknown[]) : []) {
    if (!isObject(bot) || !Array.isArray(bot.commandLists)) continue;
    for (const list of bot.commandLists as unknown[]) {
      if (!isObject(list) || !Array.isArray(list.commands)) continue;
      for (const command of list.commands as unknown[]) {
        if (isObject(command) && command.type !== 'prompt' && typeof command.title === 'string') {
          titles.add(command.title);
        }
      }
    }
  }
  return [...titles];
}
