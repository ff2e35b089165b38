// Builds, checks and writes the Teams app package (manifest.json + color.png + outline.png in a zip).
// Used by scripts/package-app.ts (`npm run package`) and by test/unit/appPackage.test.ts.
// Everything here works offline: the manifest is checked against the JSON schemas bundled with
// @microsoft/app-manifest, with globalThis.fetch replaced by a function that fails.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { GUID_PATTERN } from '../src/partnerCenter/customerId';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'appPackage');
export const PACKAGE_FILE_NAME = 'qualification-bot.zip';
export const MANIFEST_FILE_NAME = 'manifest.json';

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
}

/** PNG file contents. */
export interface AppIcons {
  color: Buffer;
  outline: Buffer;
}

export type PackageResult =
  | { ok: true; zipPath: string; vars: ManifestVars; warnings: string[] }
  | { ok: false; problems: string[] };

const GUID = GUID_PATTERN;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const TEAMS_SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/([A-Za-z0-9.]+)\/MicrosoftTeams\.schema\.json$/;
const DEVELOPER_URL_FIELDS = ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const;
/** Minimum value of each of R, G and B for a visible outline pixel to count as white. */
const WHITE_ISH_MIN = 230;

// ------------------------------------------------------------------ settings from the environment

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const MISSING_BOT_ID =
  "MicrosoftAppId is not set. Set MicrosoftAppId (in .env or the environment) to the bot's Microsoft Entra app (client) id, the GUID shown on the Azure Bot resource's Configuration page.";

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
 * Reads MicrosoftAppId (required), TEAMS_APP_ID (optional, defaults to the bot id) and BOT_DOMAIN
 * (optional). Blank values count as unset. Returns vars only when there are no problems.
 */
export function readManifestVars(env: NodeJS.ProcessEnv): { vars?: ManifestVars; problems: string[] } {
  const botId = envValue(env, 'MicrosoftAppId');
  const teamsAppId = envValue(env, 'TEAMS_APP_ID');
  const botDomain = envValue(env, 'BOT_DOMAIN');
  const problems = [
    botId === undefined ? MISSING_BOT_ID : guidProblem('MicrosoftAppId', botId, "the bot's Microsoft Entra app (client) id"),
    guidProblem('TEAMS_APP_ID', teamsAppId, 'a GUID for the Teams app, or leave it unset to use MicrosoftAppId'),
    hostNameProblem('BOT_DOMAIN', botDomain),
  ].filter((problem): problem is string => problem !== undefined);
  if (botId === undefined || problems.length > 0) return { problems };
  const vars: ManifestVars = { botId, teamsAppId: teamsAppId ?? botId };
  return { vars: botDomain ? { ...vars, botDomain } : vars, problems };
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
  const current = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
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
    name in values ? jsonStringContent(values[name]!) : whole,
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
  globalThis.fetch = ((input: unknown) => {
    throw new Error(`network access is disabled while packaging (attempted ${String(input)})`);
  }) as typeof fetch;
  try {
    return await action();
  } finally {
    globalThis.fetch = original;
  }
}

/** The bundled schema file for a developer.microsoft.com Teams schema URL, or undefined. */
function bundledSchemaFile(schemaUrl: unknown): string | undefined {
  const version = typeof schemaUrl === 'string' ? TEAMS_SCHEMA_URL.exec(schemaUrl)?.[1] : undefined;
  if (!version) return undefined;
  const buildDir = path.dirname(require.resolve('@microsoft/app-manifest'));
  const file = path.join(buildDir, 'json-schemas', 'teams', version, 'MicrosoftTeams.schema.json');
  return existsSync(file) ? file : undefined;
}

async function schemaProblems(manifest: JsonObject): Promise<string[]> {
  if (!bundledSchemaFile(manifest.$schema)) {
    return [
      `${MANIFEST_FILE_NAME}: $schema ${JSON.stringify(manifest.$schema)} is not a Teams schema bundled with @microsoft/app-manifest; use https://developer.microsoft.com/json-schemas/teams/v1.<n>/MicrosoftTeams.schema.json so it can be checked offline.`,
    ];
  }
  try {
    const errors = await withNetworkBlocked(() =>
      AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest),
    );
    // Each error starts with the JSON pointer of the offending value, which is empty for the top level.
    return errors.map((error) => `${MANIFEST_FILE_NAME}: ${error.startsWith(' ') ? `(top level)${error}` : error}`);
  } catch (error) {
    return [`${MANIFEST_FILE_NAME} could not be checked against its schema: ${(error as Error).message}`];
  }
}

function unresolvedPlaceholderProblems(manifest: JsonObject): string[] {
  const names = new Set([...JSON.stringify(manifest).matchAll(PLACEHOLDER)].map((match) => match[1]!));
  return [...names].map(
    (name) => `${MANIFEST_FILE_NAME} still contains the placeholder \${{${name}}}; nothing fills it in.`,
  );
}

function iconReferenceProblems(manifest: JsonObject): string[] {
  const icons = isJsonObject(manifest.icons) ? manifest.icons : {};
  return (Object.keys(ICONS) as Array<keyof typeof ICONS>)
    .filter((kind) => icons[kind] !== ICONS[kind].file)
    .map(
      (kind) =>
        `${MANIFEST_FILE_NAME}: icons.${kind} must be "${ICONS[kind].file}" (the file packed into the zip), not ${JSON.stringify(icons[kind])}.`,
    );
}

/** Schema v1.25+ accepts http:// developer URLs; Teams store and admin reviews expect https. */
function developerUrlProblems(manifest: JsonObject): string[] {
  const developer = isJsonObject(manifest.developer) ? manifest.developer : {};
  return DEVELOPER_URL_FIELDS.filter(
    (field) => typeof developer[field] === 'string' && !/^https:\/\//i.test(developer[field]),
  ).map((field) => `${MANIFEST_FILE_NAME}: developer.${field} must be an https:// URL.`);
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
      `${file}: ${notWhite} of ${total} visible pixels are not white (first at ${describePixel(png, firstNotWhite)}); ${rule}.`,
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
export async function validateAppPackage(manifest: JsonObject, icons: AppIcons): Promise<string[]> {
  return [
    ...unresolvedPlaceholderProblems(manifest),
    ...(await schemaProblems(manifest)),
    ...iconReferenceProblems(manifest),
    ...developerUrlProblems(manifest),
    ...iconProblems(icons),
  ];
}

/** Things that do not block packaging but should be fixed before rolling the app out. */
export function packageWarnings(manifest: JsonObject): string[] {
  const developer = isJsonObject(manifest.developer) ? manifest.developer : {};
  return DEVELOPER_URL_FIELDS.filter(
    (field) => typeof developer[field] === 'string' && /^https?:\/\/(?:[^/]+\.)?example\.(?:com|org|net)\b/i.test(developer[field]),
  ).map(
    (field) =>
      `developer.${field} is still the placeholder ${String(developer[field])}; change it in manifest/${MANIFEST_FILE_NAME} before publishing.`,
  );
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

/** Writes <outDir>/qualification-bot.zip with manifest.json, color.png and outline.png at its root. */
export async function writeAppPackage(outDir: string, manifest: JsonObject, icons: AppIcons): Promise<string> {
  const zip = new JSZip();
  zip.file(MANIFEST_FILE_NAME, `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(ICONS.color.file, icons.color);
  zip.file(ICONS.outline.file, icons.outline);
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
  try {
    manifest = buildManifest(await readManifestTemplate(options.manifestDir), vars);
    icons = await readIcons(options.manifestDir);
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  const packageProblems = await validateAppPackage(manifest, icons);
  if (packageProblems.length > 0) return { ok: false, problems: packageProblems };
  const zipPath = await writeAppPackage(options.outDir ?? DEFAULT_OUT_DIR, manifest, icons);
  return { ok: true, zipPath, vars, warnings: packageWarnings(manifest) };
}
