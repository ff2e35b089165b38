// Builds, checks and writes the Teams app package (manifest.json + color.png + outline.png + the
// localization files named in localizationInfo, e.g. zh-tw.json, in a zip). The command menu
// offers `sign out` only for PARTNER_CENTER_AUTH=user (scripts/commandMenu.ts). What the schema
// does not check about the Copilot agent and the prompt starters: scripts/copilotAgent.ts.
// Used by scripts/package-app.ts (`npm run package`) and by test/unit/appPackage.test.ts.
// Everything here works offline: the manifest and its localization files are checked against the
// JSON schemas bundled with @microsoft/app-manifest, with globalThis.fetch replaced by a function
// that fails.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { GUID_PATTERN } from '../src/partnerCenter/customerId';
import { commandTitles, withoutSignOut } from './commandMenu';
import { customEngineAgentProblems, offersCopilotAgent, promptStarterProblems, promptStarters } from './copilotAgent';
import { messageExtensionProblems } from './messageExtensionChecks';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'appPackage');
export const PACKAGE_FILE_NAME = 'qualification-bot.zip';
export const MANIFEST_FILE_NAME = 'manifest.json';
const MANIFEST_SCHEMA_FILE = 'MicrosoftTeams.schema.json';
const LOCALIZATION_SCHEMA_FILE = 'MicrosoftTeams.Localization.schema.json';

export const ICONS = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

export type JsonObject = { [key: string]: unknown };

/** Values substituted into manifest/manifest.json. */
export interface ManifestVars {
  /** The bot's Entra app (client) id: replaces ${{BOT_ID}}. */
  botId: string;
  /** The Teams app id: replaces ${{TEAMS_APP_ID}}. */
  teamsAppId: string;
  /** Host name of the bot's endpoint, added to validDomains when given. */
  botDomain?: string;
  /** PARTNER_CENTER_AUTH=user: the bot signs people in, so its command menu offers `sign out`. */
  userSignIn?: boolean;
}

/** PNG file contents. */
export interface AppIcons {
  color: Buffer;
  outline: Buffer;
}

/** Contents of the localization files manifest.json refers to, by file name (e.g. "zh-tw.json"). */
export type LocalizationFiles = ReadonlyMap<string, Buffer>;

export type PackageResult =
  | {
      ok: true;
      zipPath: string;
      vars: ManifestVars;
      warnings: string[];
      commands: string[];
      /** The prompt starters' titles (en-US). */
      promptStarters: string[];
      /** The package offers the bot in Microsoft 365 Copilot (copilotAgents.customEngineAgents). */
      copilot: boolean;
    }
  | { ok: false; problems: string[] };

const GUID = GUID_PATTERN;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const TEAMS_SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/([A-Za-z0-9.]+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;
/** A localization file sits next to manifest.json, at the root of the zip. */
const LOCALIZATION_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;
/** Localization file keys that are not manifest strings. */
const LOCALIZATION_META_KEYS = new Set(['$schema', 'localizationKeys']);
const DEVELOPER_URL_FIELDS = ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const;
/** Minimum value of each of R, G and B for a visible outline pixel to count as white. */
const WHITE_ISH_MIN = 230;

// ------------------------------------------------------------------ settings from the environment

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const MISSING_BOT_ID =
  "MicrosoftAppId is not set. Set MicrosoftAppId (in .env or the environment) to the bot's Microsoft Entra app " +
  "(client) id, the GUID shown on the Azure Bot resource's Configuration page.";

function guidProblem(name: string, value: string | undefined, meaning: string): string | undefined {
  return value === undefined || GUID.test(value)
    ? undefined
    : `${name} "${value}" is not a GUID. Set ${name} to ${meaning} (format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`;
}

function hostNameProblem(name: string, value: string | undefined): string | undefined {
  return value === undefined || HOST_NAME.test(value)
    ? undefined
    : `${name} "${value}" is not a host name. Set ${name} to the bot's host only, e.g. mybot.azurewebsites.net (no https://, path or port), or leave it unset.`;
}

/**
 * Reads MicrosoftAppId (required), TEAMS_APP_ID (optional, defaults to the bot id), BOT_DOMAIN
 * (optional) and PARTNER_CENTER_AUTH (`user`: the menu offers `sign out`). Blank values count as
 * unset. Returns vars only when there are no problems.
 */
export function readManifestVars(env: NodeJS.ProcessEnv): { vars?: ManifestVars; problems: string[] } {
  const botId = envValue(env, 'MicrosoftAppId');
  const teamsAppId = envValue(env, 'TEAMS_APP_ID');
  const botDomain = envValue(env, 'BOT_DOMAIN');
  const userSignIn = envValue(env, 'PARTNER_CENTER_AUTH') === 'user';
  const problems = [
    botId === undefined
      ? MISSING_BOT_ID
      : guidProblem('MicrosoftAppId', botId, "the bot's Microsoft Entra app (client) id"),
    guidProblem('TEAMS_APP_ID', teamsAppId, 'a GUID for the Teams app, or leave it unset to use MicrosoftAppId'),
    hostNameProblem('BOT_DOMAIN', botDomain),
  ].filter((problem): problem is string => problem !== undefined);
  if (botId === undefined || problems.length > 0) return { problems };
  const vars: ManifestVars = {
    botId,
    teamsAppId: teamsAppId ?? botId,
    ...(botDomain && { botDomain }),
    ...(userSignIn && { userSignIn }),
  };
  return { vars, problems };
}

// ------------------------------------------------------------------ manifest

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes a value for use inside a JSON string literal. */
function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function withValidDomain(manifest: JsonObject, domain: string): JsonObject {
  const current: unknown[] = Array.isArray(manifest.validDomains) ? (manifest.validDomains as unknown[]) : [];
  const known = current.some((entry) => typeof entry === 'string' && entry.toLowerCase() === domain.toLowerCase());
  return known ? manifest : { ...manifest, validDomains: [...current, domain] };
}

/**
 * Fills ${{BOT_ID}} and ${{TEAMS_APP_ID}} in the manifest template and adds vars.botDomain to
 * validDomains. Unknown placeholders are left in place (validateAppPackage reports them).
 * Throws if the template is not a JSON object.
 */
export function buildManifest(template: string, vars: ManifestVars): JsonObject {
  const values: Record<string, string> = { BOT_ID: vars.botId, TEAMS_APP_ID: vars.teamsAppId };
  const filled = template.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? jsonStringContent(values[name]) : whole,
  );
  let manifest: unknown;
  try {
    manifest = JSON.parse(filled);
  } catch (error) {
    throw new Error(`${MANIFEST_FILE_NAME} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(manifest)) throw new Error(`${MANIFEST_FILE_NAME} must contain a JSON object`);
  return vars.botDomain ? withValidDomain(manifest, vars.botDomain) : manifest;
}

// ------------------------------------------------------------------ validation

/** Runs action with globalThis.fetch replaced by a function that fails, so nothing can reach the network. */
export async function withNetworkBlocked<T>(action: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = (input: unknown) => {
    throw new Error(`network access is disabled while packaging (attempted ${String(input)})`);
  };
  try {
    return await action();
  } finally {
    globalThis.fetch = original;
  }
}

/** The version ("v1.30") of a developer.microsoft.com Teams schema URL for schemaFile, or undefined. */
function teamsSchemaVersion(schemaUrl: unknown, schemaFile: string): string | undefined {
  const match = typeof schemaUrl === 'string' ? TEAMS_SCHEMA_URL.exec(schemaUrl) : null;
  return match?.[2] === schemaFile ? match[1] : undefined;
}

/** The bundled schema file for a developer.microsoft.com Teams schema URL, or undefined. */
function bundledSchemaFile(schemaUrl: unknown, schemaFile: string): string | undefined {
  const version = teamsSchemaVersion(schemaUrl, schemaFile);
  if (!version) return undefined;
  const buildDir = path.dirname(require.resolve('@microsoft/app-manifest'));
  const file = path.join(buildDir, 'json-schemas', 'teams', version, schemaFile);
  return existsSync(file) ? file : undefined;
}

type TeamsSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/**
 * Validates document (manifest.json or a localization file) with the network blocked, against
 * schema or else the bundled schema its $schema names (the caller has checked that it is bundled).
 */
async function validateOffline(file: string, document: JsonObject, schema?: TeamsSchema): Promise<string[]> {
  try {
    const errors = await withNetworkBlocked(() =>
      AppManifestUtils.validateAgainstSchema(document as unknown as AppManifest, schema),
    );
    // Each error starts with the JSON pointer of the offending value, which is empty for the top level.
    return errors.map((error) => `${file}: ${error.startsWith(' ') ? `(top level)${error}` : error}`);
  } catch (error) {
    return [`${file} could not be checked against its schema: ${(error as Error).message}`];
  }
}

async function schemaProblems(manifest: JsonObject): Promise<string[]> {
  if (!bundledSchemaFile(manifest.$schema, MANIFEST_SCHEMA_FILE)) {
    return [
      `${MANIFEST_FILE_NAME}: $schema ${JSON.stringify(manifest.$schema)} is not a Teams schema bundled with @microsoft/app-manifest; use https://developer.microsoft.com/json-schemas/teams/v1.<n>/${MANIFEST_SCHEMA_FILE} so it can be checked offline.`,
    ];
  }
  return validateOffline(MANIFEST_FILE_NAME, manifest);
}

function unresolvedPlaceholderProblems(document: JsonObject, file = MANIFEST_FILE_NAME): string[] {
  const names = new Set([...JSON.stringify(document).matchAll(PLACEHOLDER)].map((match) => match[1]));
  return [...names].map((name) => `${file} still contains the placeholder \${{${name}}}; nothing fills it in.`);
}

function iconReferenceProblems(manifest: JsonObject): string[] {
  const icons = isJsonObject(manifest.icons) ? manifest.icons : {};
  return (Object.keys(ICONS) as Array<keyof typeof ICONS>)
    .filter((kind) => icons[kind] !== ICONS[kind].file)
    .map(
      (kind) =>
        `${MANIFEST_FILE_NAME}: icons.${kind} must be "${ICONS[kind].file}" (the file packed into the zip), not ` +
        `${JSON.stringify(icons[kind])}.`,
    );
}

/** Schema v1.25+ accepts http:// developer URLs; Teams store and admin reviews expect https. */
function developerUrlProblems(manifest: JsonObject): string[] {
  const developer = isJsonObject(manifest.developer) ? manifest.developer : {};
  return DEVELOPER_URL_FIELDS.filter(
    (field) => typeof developer[field] === 'string' && !/^https:\/\//i.test(developer[field]),
  ).map((field) => `${MANIFEST_FILE_NAME}: developer.${field} must be an https:// URL.`);
}

// ------------------------------------------------------------------ localization

interface LocalizationReference {
  /** Where manifest.json names the file, e.g. localizationInfo.additionalLanguages[0].file. */
  field: string;
  file: unknown;
}

function localizationReferences(manifest: JsonObject): LocalizationReference[] {
  const info = isJsonObject(manifest.localizationInfo) ? manifest.localizationInfo : {};
  const languages: unknown[] = Array.isArray(info.additionalLanguages) ? info.additionalLanguages : [];
  const defaultFile =
    info.defaultLanguageFile === undefined
      ? []
      : [{ field: 'localizationInfo.defaultLanguageFile', file: info.defaultLanguageFile }];
  return [
    ...defaultFile,
    ...languages.map((language, index) => ({
      field: `localizationInfo.additionalLanguages[${index}].file`,
      file: isJsonObject(language) ? language.file : undefined,
    })),
  ];
}

function isLocalizationFileName(file: unknown): file is string {
  return typeof file === 'string' && LOCALIZATION_FILE_NAME.test(file) && file !== MANIFEST_FILE_NAME;
}

/** The localization files manifest.json names, each once, in order (malformed names left out). */
export function localizationFileNames(manifest: JsonObject): string[] {
  const names = localizationReferences(manifest).map((reference) => reference.file);
  return [...new Set(names.filter(isLocalizationFileName))];
}

/** Each file named in localizationInfo must be a plain .json file name and must exist. */
function localizationReferenceProblems(manifest: JsonObject, localizations: LocalizationFiles): string[] {
  return localizationReferences(manifest).flatMap(({ field, file }): string[] => {
    // A missing file property is reported by the schema.
    if (file === undefined) return [];
    if (!isLocalizationFileName(file)) {
      return [
        `${MANIFEST_FILE_NAME}: ${field} must be the name of a .json file next to ${MANIFEST_FILE_NAME} (no folder, ` +
          `not ${MANIFEST_FILE_NAME} itself), not ${JSON.stringify(file)}.`,
      ];
    }
    return localizations.has(file)
      ? []
      : [`${MANIFEST_FILE_NAME}: ${field} is "${file}", but there is no ${file} next to ${MANIFEST_FILE_NAME}.`];
  });
}

function parseLocalization(file: string, content: Buffer): { localization?: JsonObject; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return { problems: [`${file} is not valid JSON: ${(error as Error).message}`] };
  }
  return isJsonObject(parsed)
    ? { localization: parsed, problems: [] }
    : { problems: [`${file} must contain a JSON object`] };
}

/**
 * Two patternProperties of the bundled localization schemas (activities.activityTypes[…]) contain a
 * "]" that is not escaped. Plain JavaScript regular expressions read it as a literal "]", but Ajv
 * compiles patterns as Unicode regular expressions, which reject it ("Lone quantifier brackets").
 * Escaping every "]" outside a character class keeps each pattern's meaning.
 */
function escapeLoneBrackets(pattern: string): string {
  let escaped = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      escaped += char + (pattern[++i] ?? '');
    } else if (char === ']' && !inClass) {
      escaped += '\\]';
    } else {
      if (char === '[') inClass = true;
      if (char === ']') inClass = false;
      escaped += char;
    }
  }
  return escaped;
}

/** A bundled localization schema, with its patternProperties made acceptable to Ajv. */
async function readLocalizationSchema(schemaFile: string): Promise<TeamsSchema> {
  const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as JsonObject;
  const patterns = isJsonObject(schema.patternProperties) ? schema.patternProperties : {};
  const patternProperties = Object.fromEntries(
    Object.entries(patterns).map(([pattern, rule]) => [escapeLoneBrackets(pattern), rule]),
  );
  return { ...schema, patternProperties } as unknown as TeamsSchema;
}

/** The localization file must name the bundled localization schema of the manifest's own version. */
async function localizationSchemaProblems(
  manifest: JsonObject,
  file: string,
  localization: JsonObject,
): Promise<string[]> {
  const manifestVersion = teamsSchemaVersion(manifest.$schema, MANIFEST_SCHEMA_FILE);
  const expected = `https://developer.microsoft.com/json-schemas/teams/${manifestVersion ?? 'v1.<n>'}/${LOCALIZATION_SCHEMA_FILE}`;
  const schemaFile = bundledSchemaFile(localization.$schema, LOCALIZATION_SCHEMA_FILE);
  if (!schemaFile) {
    return [
      `${file}: $schema ${JSON.stringify(localization.$schema) ?? '(missing)'} is not a Teams localization schema ` +
        `bundled with @microsoft/app-manifest; use ${expected} so it can be checked offline.`,
    ];
  }
  const version = teamsSchemaVersion(localization.$schema, LOCALIZATION_SCHEMA_FILE);
  if (manifestVersion !== undefined && version !== manifestVersion) {
    return [
      `${file}: $schema is the ${String(version)} localization schema but ${MANIFEST_FILE_NAME} uses ` +
        `${manifestVersion}; Teams expects the same version in both, so use ${expected}.`,
    ];
  }
  let schema: TeamsSchema;
  try {
    schema = await readLocalizationSchema(schemaFile);
  } catch (error) {
    return [`${file} could not be checked against its schema: ${(error as Error).message}`];
  }
  return validateOffline(file, localization, schema);
}

/** The manifest value that a localization key such as bots[0].commandLists[0].commands[1].title replaces. */
function manifestValueAt(manifest: JsonObject, key: string): unknown {
  let value: unknown = manifest;
  for (const segment of key.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as JsonObject)[segment];
  }
  return value;
}

/** Every localized string must replace a string that manifest.json has (right names, right indexes). */
function localizedKeyProblems(manifest: JsonObject, file: string, localization: JsonObject): string[] {
  return Object.keys(localization)
    .filter((key) => !LOCALIZATION_META_KEYS.has(key) && typeof manifestValueAt(manifest, key) !== 'string')
    .map(
      (key) =>
        `${file}: "${key}" has no counterpart in ${MANIFEST_FILE_NAME}; each key must translate a string ` +
        `${MANIFEST_FILE_NAME} has (check the names and the indexes, e.g. of bots[0].commandLists[0].commands).`,
    );
}

async function localizationFileProblems(manifest: JsonObject, file: string, content: Buffer): Promise<string[]> {
  const { localization, problems } = parseLocalization(file, content);
  if (!localization) return problems;
  return [
    ...unresolvedPlaceholderProblems(localization, file),
    ...(await localizationSchemaProblems(manifest, file, localization)),
    ...localizedKeyProblems(manifest, file, localization),
  ];
}

/**
 * Problems with the localization files named in localizationInfo: plain file names, present in
 * localizations, valid against the bundled localization schema, translating only strings the
 * manifest has.
 */
async function localizationProblems(manifest: JsonObject, localizations: LocalizationFiles): Promise<string[]> {
  const problems = localizationReferenceProblems(manifest, localizations);
  // One file at a time: withNetworkBlocked swaps globalThis.fetch and must not overlap with itself.
  for (const file of localizationFileNames(manifest)) {
    const content = localizations.get(file);
    if (content) problems.push(...(await localizationFileProblems(manifest, file, content)));
  }
  return problems;
}

function readPng(file: string, content: Buffer): { png?: PNG; problems: string[] } {
  try {
    return { png: PNG.sync.read(content), problems: [] };
  } catch (error) {
    return { problems: [`${file} is not a readable PNG image: ${(error as Error).message}`] };
  }
}

function sizeProblems(file: string, png: PNG, size: number): string[] {
  return png.width === size && png.height === size
    ? []
    : [`${file} is ${png.width}×${png.height} pixels; it must be exactly ${size}×${size}.`];
}

function describePixel(png: PNG, index: number): string {
  const [r, g, b, a] = png.data.subarray(index * 4, index * 4 + 4);
  return `x=${index % png.width}, y=${Math.floor(index / png.width)}: rgba(${r}, ${g}, ${b}, ${a})`;
}

/** The outline icon must be a white glyph on a transparent background. */
function outlineTransparencyProblems(file: string, png: PNG): string[] {
  const total = png.width * png.height;
  let transparent = 0;
  let notWhite = 0;
  let firstNotWhite = -1;
  for (let i = 0; i < total; i++) {
    const [r, g, b, a] = png.data.subarray(i * 4, i * 4 + 4) as unknown as [number, number, number, number];
    if (a === 0) {
      transparent++;
    } else if (Math.min(r, g, b) < WHITE_ISH_MIN) {
      notWhite++;
      if (firstNotWhite < 0) firstNotWhite = i;
    }
  }
  const rule = 'the outline icon must be a white glyph on a transparent background';
  const problems: string[] = [];
  if (transparent === 0) problems.push(`${file} has no transparent pixels; ${rule}.`);
  if (transparent === total) problems.push(`${file} is completely transparent; ${rule}.`);
  if (notWhite > 0) {
    problems.push(
      `${file}: ${notWhite} of ${total} visible pixels are not white (first at ` +
        `${describePixel(png, firstNotWhite)}); ${rule}.`,
    );
  }
  return problems;
}

/** Problems with the two icons: readable PNGs, exact sizes, transparent white outline. */
export function iconProblems(icons: AppIcons): string[] {
  const color = readPng(ICONS.color.file, icons.color);
  const outline = readPng(ICONS.outline.file, icons.outline);
  return [
    ...color.problems,
    ...(color.png ? sizeProblems(ICONS.color.file, color.png, ICONS.color.size) : []),
    ...outline.problems,
    ...(outline.png ? sizeProblems(ICONS.outline.file, outline.png, ICONS.outline.size) : []),
    ...(outline.png ? outlineTransparencyProblems(ICONS.outline.file, outline.png) : []),
  ];
}

/** Every problem that would make Teams reject the package ([] = fine). Never touches the network. */
export async function validateAppPackage(
  manifest: JsonObject,
  icons: AppIcons,
  localizations: LocalizationFiles,
): Promise<string[]> {
  return [
    ...unresolvedPlaceholderProblems(manifest),
    ...(await schemaProblems(manifest)),
    ...iconReferenceProblems(manifest),
    ...developerUrlProblems(manifest),
    ...customEngineAgentProblems(manifest),
    ...promptStarterProblems(manifest),
    ...messageExtensionProblems(manifest),
    ...(await localizationProblems(manifest, localizations)),
    ...iconProblems(icons),
  ];
}

/**
 * Microsoft's fictitious company names (and "example"), as in the template's developer name
 * "Contoso Partner Tools": Teams shows the developer name to everyone who installs the app.
 */
const EXAMPLE_DEVELOPER_NAME = /\b(?:contoso|fabrikam|northwind|adventure works|example)\b/i;

/** Things that do not block packaging but should be fixed before rolling the app out. */
export function packageWarnings(manifest: JsonObject): string[] {
  const developer = isJsonObject(manifest.developer) ? manifest.developer : {};
  const name =
    typeof developer.name === 'string' && EXAMPLE_DEVELOPER_NAME.test(developer.name)
      ? [
          `developer.name is still the example ${JSON.stringify(developer.name)}; set it to your organisation's ` +
            `name in manifest/${MANIFEST_FILE_NAME} before publishing.`,
        ]
      : [];
  const urls = DEVELOPER_URL_FIELDS.filter(
    (field) =>
      typeof developer[field] === 'string' &&
      /^https?:\/\/(?:[^/]+\.)?example\.(?:com|org|net)\b/i.test(developer[field]),
  ).map(
    (field) =>
      `developer.${field} is still the placeholder ${String(developer[field])}; change it in ` +
      `manifest/${MANIFEST_FILE_NAME} before publishing.`,
  );
  return [...name, ...urls];
}

// ------------------------------------------------------------------ files

async function readRequiredFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function readManifestTemplate(manifestDir = MANIFEST_DIR): Promise<string> {
  return (await readRequiredFile(path.join(manifestDir, MANIFEST_FILE_NAME))).toString('utf8');
}

export async function readIcons(manifestDir = MANIFEST_DIR): Promise<AppIcons> {
  const [color, outline] = await Promise.all([
    readRequiredFile(path.join(manifestDir, ICONS.color.file)),
    readRequiredFile(path.join(manifestDir, ICONS.outline.file)),
  ]);
  return { color, outline };
}

/**
 * Reads the localization files manifest.json names from manifestDir. A file that does not exist is
 * left out, so that validateAppPackage lists it with the other problems.
 */
export async function readLocalizationFiles(
  manifest: JsonObject,
  manifestDir = MANIFEST_DIR,
): Promise<LocalizationFiles> {
  const files = new Map<string, Buffer>();
  for (const file of localizationFileNames(manifest)) {
    const filePath = path.join(manifestDir, file);
    if (existsSync(filePath)) files.set(file, await readRequiredFile(filePath));
  }
  return files;
}

/**
 * Writes <outDir>/qualification-bot.zip with manifest.json, color.png, outline.png and the
 * localization files (as given: byte for byte as in manifest/, unless the command menu changed)
 * at its root.
 */
export async function writeAppPackage(
  outDir: string,
  manifest: JsonObject,
  icons: AppIcons,
  localizations: LocalizationFiles,
): Promise<string> {
  const zip = new JSZip();
  zip.file(MANIFEST_FILE_NAME, `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(ICONS.color.file, icons.color);
  zip.file(ICONS.outline.file, icons.outline);
  for (const [file, content] of localizations) zip.file(file, content);
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  await mkdir(outDir, { recursive: true });
  const zipPath = path.resolve(outDir, PACKAGE_FILE_NAME);
  await writeFile(zipPath, content);
  return zipPath;
}

/** The whole `npm run package` flow: settings → manifest → checks → zip. Writes nothing if any check fails. */
export async function packageApp(options: {
  env: NodeJS.ProcessEnv;
  outDir?: string;
  manifestDir?: string;
}): Promise<PackageResult> {
  const { vars, problems } = readManifestVars(options.env);
  if (!vars) return { ok: false, problems };
  let manifest: JsonObject;
  let icons: AppIcons;
  let localizations: LocalizationFiles;
  try {
    manifest = buildManifest(await readManifestTemplate(options.manifestDir), vars);
    icons = await readIcons(options.manifestDir);
    localizations = await readLocalizationFiles(manifest, options.manifestDir);
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  // Only a bot that signs people in offers `sign out` (elsewhere it has nothing to sign out of).
  if (vars.userSignIn !== true) ({ manifest, localizations } = withoutSignOut(manifest, localizations));
  const packageProblems = await validateAppPackage(manifest, icons, localizations);
  if (packageProblems.length > 0) return { ok: false, problems: packageProblems };
  const zipPath = await writeAppPackage(options.outDir ?? DEFAULT_OUT_DIR, manifest, icons, localizations);
  return {
    ok: true,
    zipPath,
    vars,
    warnings: packageWarnings(manifest),
    commands: commandTitles(manifest),
    promptStarters: promptStarters(manifest).map(({ command }) => String(command.title)),
    copilot: offersCopilotAgent(manifest),
  };
}
