import { ConfigError } from '../core/errors.js';
import { NotAFileError, readRegularFile, type RegularFile } from '../platform/read-regular-file.js';
import {
  parseConfigDocument,
  type ConfigDocument,
  type DocKey,
  type DocSection,
} from './document.js';
import type { ConfigProblem } from './problems.js';
import { sdkProblems } from './sdk-checks.js';
import { structureProblems } from './structure-checks.js';

/*
 * The read model: what botocore sees in ~/.aws/config (bc/configloader.py `raw_config_parse`,
 * `build_profile_map`; docs/protocol.md, "~/.aws/config"), with a problem recorded for every line
 * the JS SDK reads differently. Keys are lower-cased; values trimmed, inline comments kept.
 */

export interface Section {
  name: string;
  /** 1-based line of the header botocore uses. */
  line: number;
  values: Record<string, string>;
  /** Nested blocks: `s3 =` followed by indented `k = v` lines. */
  nested: Record<string, Record<string, string>>;
  /** 1-based line of the key whose value is used (the last one configparser read). */
  keyLines?: Record<string, number>;
}

export type ProfileSection = Section;

export interface SsoSessionSection extends Section {
  startUrl?: string;
  region?: string;
  /** `sso_registration_scopes` split on "," and trimmed (cli2 …/sso/utils.py). */
  registrationScopes: string[];
}

export interface AwsConfig {
  path: string;
  exists: boolean;
  profiles: Map<string, ProfileSection>;
  ssoSessions: Map<string, SsoSessionSection>;
  services: Map<string, Section>;
  problems: ConfigProblem[];
}

type Value = string | Record<string, string>;

function lineText(doc: ConfigDocument, n: number): string {
  return (doc.lines[n - 1]?.text ?? '').trim();
}

/** One key as configparser joins it: continuation lines (blank ones too), then rstrip. */
function keyValue(doc: ConfigDocument, k: DocKey): Value {
  if (k.value === '' && k.subKeys.length > 0) {
    const nested: Record<string, string> = {};
    for (const s of k.subKeys) nested[s.name] = s.value;
    return nested;
  }
  const parts = [k.value];
  const cont = new Set(k.continuation);
  for (let n = k.line + 1; n <= k.endLine; n++) {
    const t = lineText(doc, n);
    if (cont.has(n) || t === '') parts.push(t);
  }
  return parts.join('\n').trimEnd();
}

function toSection(
  name: string,
  line: number,
  merged: Map<string, Value>,
  keyLines: Map<string, number>,
): Section {
  const values: Record<string, string> = {};
  const nested: Record<string, Record<string, string>> = {};
  for (const [k, v] of merged) {
    if (typeof v === 'string') values[k] = v;
    else nested[k] = v;
  }
  return { name, line, values, nested, keyLines: Object.fromEntries(keyLines) };
}

function toSsoSession(s: Section): SsoSessionSection {
  const raw = s.values.sso_registration_scopes;
  const scopes =
    raw === undefined
      ? []
      : raw
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
  return {
    ...s,
    ...(s.values.sso_start_url !== undefined && { startUrl: s.values.sso_start_url }),
    ...(s.values.sso_region !== undefined && { region: s.values.sso_region }),
    registrationScopes: scopes,
  };
}

/** Sections with the same bracket text, merged in file order (first appearance sets the order). */
function configparserSections(
  doc: ConfigDocument,
): Map<string, { first: DocSection; keys: Map<string, Value>; lines: Map<string, number> }> {
  const out = new Map<
    string,
    { first: DocSection; keys: Map<string, Value>; lines: Map<string, number> }
  >();
  for (const s of doc.sections) {
    const slot = out.get(s.header.text) ?? {
      first: s,
      keys: new Map<string, Value>(),
      lines: new Map<string, number>(),
    };
    out.set(s.header.text, slot);
    for (const k of s.keys) {
      slot.keys.set(k.id, keyValue(doc, k));
      slot.lines.set(k.id, k.line);
    }
  }
  return out;
}

/**
 * `[default]` and `[profile default]` both present: botocore keeps whichever comes later, the JS
 * SDK keeps `[profile default]` unless it has no keys (parseIni creates a section on its first
 * key). docs/protocol.md, "Section headers".
 */
function defaultWinnerProblem(
  doc: ConfigDocument,
  botocoreLine: number | undefined,
): ConfigProblem[] {
  const plain = doc.sections.filter((s) => s.header.kind === 'default');
  const prefixed = doc.sections.filter(
    (s) => s.header.kind === 'profile' && s.header.name === 'default',
  );
  const first = (list: DocSection[]): DocSection | undefined => list[0];
  const p = first(plain);
  const q = first(prefixed);
  if (!p || !q || botocoreLine === undefined) return [];
  const botocorePlain = plain.some((s) => s.header.line === botocoreLine);
  const jsPlain = !prefixed.some((s) => s.keys.length > 0);
  if (botocorePlain === jsPlain) return [];
  const used = (isPlain: boolean): string => (isPlain ? '[default]' : `[${q.header.text}]`);
  return [
    {
      line: Math.max(p.header.line, q.header.line),
      severity: 'warn',
      kind: 'sdk-disagreement',
      message: `both [default] (line ${p.header.line}) and [${q.header.text}] (line ${q.header.line}) exist: botocore uses ${used(botocorePlain)}, the JS SDK ${used(jsPlain)}; keep only one of them`,
    },
  ];
}

export function resolveConfig(text: string, path: string): AwsConfig {
  const doc = parseConfigDocument(text);
  const profiles = new Map<string, ProfileSection>();
  const ssoSessions = new Map<string, SsoSessionSection>();
  const services = new Map<string, Section>();
  const groups = configparserSections(doc);
  // configparser's DEFAULT section supplies values to every other section.
  const defaults = groups.get('DEFAULT')?.keys ?? new Map<string, Value>();
  for (const [text, { first, keys, lines }] of groups) {
    const { kind, name } = first.header;
    if (text === 'DEFAULT' || kind === 'other') continue;
    const section = toSection(name, first.header.line, new Map([...defaults, ...keys]), lines);
    if (kind === 'default' || kind === 'profile') {
      // Later sections replace earlier ones whole (build_profile_map); for `default` that
      // decides between [default] and [profile default] (docs/protocol.md, "Section headers").
      profiles.set(name, section);
    } else if (kind === 'sso-session') ssoSessions.set(name, toSsoSession(section));
    else services.set(name, section);
  }
  const problems = [
    ...structureProblems(doc),
    ...sdkProblems(doc),
    ...defaultWinnerProblem(doc, profiles.get('default')?.line),
  ].sort((a, b) => a.line - b.line);
  return { path, exists: true, profiles, ssoSessions, services, problems };
}

/**
 * The config file's text and mode, undefined when it does not exist. A FIFO, directory or device
 * in its place is refused before anything is read (a FIFO would block every command).
 */
export async function readConfigText(path: string): Promise<RegularFile | undefined> {
  try {
    return await readRegularFile(path);
  } catch (e) {
    if (!(e instanceof NotAFileError)) throw e;
    throw new ConfigError(e.message, { hint: e.hint ?? 'unset AWS_CONFIG_FILE', cause: e });
  }
}

/** Reads and resolves the file; a missing file is an empty config, not an error. */
export async function readAwsConfig(path: string): Promise<AwsConfig> {
  let file: RegularFile | undefined;
  try {
    file = await readConfigText(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR') {
      throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (file === undefined) return { ...resolveConfig('', path), exists: false };
  return resolveConfig(file.text, path);
}
