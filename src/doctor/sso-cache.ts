/**
 * Reads the AWS CLI's `~/.aws/sso/cache` (docs/protocol.md, "The ~/.aws/sso/cache files"). Keeps
 * only what the checks need: times, region, start URL and which refresh fields are present, never a
 * token or secret. Error texts from JSON.parse are not kept either: Node quotes the input in them.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file name botocore and the JS SDK look a token up by: sha1 of the session name or start URL
 * (docs/protocol.md, "Token file names").
 */
export function ssoCacheKey(sessionOrStartUrl: string): string {
  return `${createHash('sha1').update(sessionOrStartUrl, 'utf8').digest('hex')}.json`;
}

export interface CliToken {
  startUrl: string | undefined;
  region: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  hasRefreshToken: boolean;
  hasClient: boolean;
  /** Epoch ms; undefined when absent or unreadable (botocore then does not refresh). */
  registrationExpiresAt: number | undefined;
}

export interface CacheFile {
  name: string;
  path: string;
  /** Permission bits and owner, for file-permissions. */
  mode: number;
  uid: number;
  kind: 'token' | 'registration' | 'other' | 'corrupt' | 'unreadable';
  /** Why it is corrupt, in words that quote nothing from the file. */
  problem?: string;
  token?: CliToken;
}

export interface CacheScan {
  dir: string;
  exists: boolean;
  /** Permission bits and owner of the directory itself. */
  mode: number;
  uid: number;
  files: CacheFile[];
  readError?: string;
}

/**
 * botocore parses with dateutil and then compares with an aware `now`: a value without a zone
 * raises TypeError (docs/protocol.md, "Token file fields"), so only stamps with `Z` or an offset
 * count as readable.
 */
export function parseCacheTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/(Z|[+-]\d\d:?\d\d)$/i.test(v.trim())) return undefined;
  const ms = Date.parse(v.trim());
  return Number.isFinite(ms) ? ms : undefined;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function classify(
  text: string,
  isTokenKey: boolean,
): Pick<CacheFile, 'kind' | 'problem' | 'token'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', problem: 'it is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'corrupt', problem: 'it is not a JSON object' };
  }
  const o = json as Obj;
  if (o.accessToken === undefined) {
    if (isTokenKey) return { kind: 'corrupt', problem: 'it has no accessToken' };
    const reg = typeof o.clientId === 'string' && typeof o.clientSecret === 'string';
    return { kind: reg ? 'registration' : 'other' };
  }
  if (typeof o.accessToken !== 'string' || o.accessToken === '') {
    return { kind: 'corrupt', problem: 'its accessToken is not a string' };
  }
  const expiresAt = parseCacheTime(o.expiresAt);
  if (expiresAt === undefined) {
    return {
      kind: 'corrupt',
      problem:
        o.expiresAt === undefined
          ? 'it has no expiresAt'
          : 'its expiresAt is not a UTC time botocore can read (it needs "Z" or an offset)',
    };
  }
  return {
    kind: 'token',
    token: {
      startUrl: str(o.startUrl),
      region: str(o.region),
      expiresAt,
      hasRefreshToken: typeof o.refreshToken === 'string' && o.refreshToken !== '',
      hasClient: typeof o.clientId === 'string' && typeof o.clientSecret === 'string',
      registrationExpiresAt: parseCacheTime(o.registrationExpiresAt),
    },
  };
}

/**
 * Every `*.json` file in the cache. `tokenKeys` are the file names the config makes the SDKs
 * look for: such a file without an accessToken is unusable, anything else may be a registration.
 */
export async function scanSsoCache(
  dir: string,
  tokenKeys: ReadonlySet<string>,
): Promise<CacheScan> {
  let names: string[];
  let dirStat;
  try {
    dirStat = await lstat(dir);
    names = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { dir, exists: false, mode: 0, uid: 0, files: [] };
    }
    return { dir, exists: true, mode: 0, uid: 0, files: [], readError: (e as Error).message };
  }
  const files: CacheFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    try {
      const s = await lstat(path);
      if (!s.isFile()) continue;
      const text = await readFile(path, 'utf8');
      files.push({
        name,
        path,
        mode: s.mode & 0o777,
        uid: s.uid,
        ...classify(text, tokenKeys.has(name)),
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // removed while we looked (aws sso logout)
      files.push({
        name,
        path,
        mode: 0,
        uid: 0,
        kind: 'unreadable',
        problem: `it cannot be read (${code ?? 'error'})`,
      });
    }
  }
  return { dir, exists: true, mode: dirStat.mode & 0o777, uid: dirStat.uid, files };
}
