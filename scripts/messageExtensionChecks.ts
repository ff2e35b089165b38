// What the Teams schema does not check about the message extension, but the bot relies on: the
// extension is this bot's, its search command and parameter have the names the bot answers, and
// Partner Center links are handed to it for unfurling.
import { SEARCH_COMMAND_ID, SEARCH_QUERY_PARAMETER } from '../src/conversation/handlers/messageExtensionHandler';
import { PARTNER_CENTER_LINK_HOST } from '../src/conversation/understanding/partnerCenterLink';

type Json = Record<string, unknown>;

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((item): item is Json => typeof item === 'object' && item !== null) : [];
}

export function messageExtensionProblems(manifest: Json): string[] {
  const [extension, ...others] = objects(manifest.composeExtensions);
  if (extension === undefined) return ['composeExtensions is missing: the search and link unfurling need it.'];
  const problems: string[] = [];
  if (others.length > 0) problems.push('composeExtensions has more than one entry; Teams allows one.');
  const botId = objects(manifest.bots)[0]?.botId;
  if (extension.botId !== botId) problems.push(`composeExtensions[0].botId must be the bot's id (${String(botId)}).`);
  const search = objects(extension.commands).find((command) => command.id === SEARCH_COMMAND_ID);
  if (search === undefined) {
    problems.push(
      `composeExtensions[0].commands has no "${SEARCH_COMMAND_ID}" command (the bot answers only that one).`,
    );
  } else {
    if (search.type !== 'query') problems.push(`the "${SEARCH_COMMAND_ID}" command must be of type "query".`);
    const names = objects(search.parameters).map((parameter) => parameter.name);
    if (!names.includes(SEARCH_QUERY_PARAMETER))
      problems.push(`the "${SEARCH_COMMAND_ID}" command needs a parameter named "${SEARCH_QUERY_PARAMETER}".`);
  }
  const domains = objects(extension.messageHandlers)
    .filter((handler) => handler.type === 'link')
    .flatMap((handler) => {
      const value = handler.value as { domains?: unknown } | undefined;
      return Array.isArray(value?.domains) ? (value.domains as unknown[]) : [];
    });
  if (!domains.includes(PARTNER_CENTER_LINK_HOST))
    problems.push(`composeExtensions[0].messageHandlers must list "${PARTNER_CENTER_LINK_HOST}" for link unfurling.`);
  return problems;
}
