/**
 * What the checks look at, read once per doctor run and shared (several checks need the config,
 * the SSO cache or awsid's state). Reading never throws: a failure is kept and reported by the
 * check it belongs to.
 */
import { readFile } from 'node:fs/promises';

import { displayPath } from '../awsconfig/problems.js';
import { readAwsConfig, resolveConfig, type AwsConfig } from '../awsconfig/resolve.js';
import { shellQuote } from '../core/shell-quote.js';
import type { AwsidState } from '../store/state-store.js';
import { profileUse, sessionsOf, type ProfileUse } from './profile-usage.js';
import { scanSsoCache, ssoCacheKey, type CacheScan } from './sso-cache.js';
import type { DoctorContext, DoctorStore } from './types.js';

export interface LoadedConfig extends AwsConfig {
  /** Set when the file exists but cannot be read. */
  readError?: string;
}

/** `~/.aws/credentials` reduced to its section names: the values are secret and never kept. */
export interface CredentialsNames {
  path: string;
  exists: boolean;
  sections: { name: string; line: number }[];
  readError?: string;
}

export interface AwsidStateFacts {
  store?: DoctorStore;
  state?: AwsidState;
  /** Why the state could not be read (secret-store-unavailable reports it). */
  error?: unknown;
  /** Why the doctor did not try (e.g. a passphrase it must not ask for). */
  skipped?: string;
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

export async function readCredentialsNames(path: string): Promise<CredentialsNames> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false, sections: [] };
    return { path, exists: true, sections: [], readError: code ?? (e as Error).message };
  }
  const sections: { name: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\[(.+)\]\s*$/.exec(raw.trim());
    if (m) sections.push({ name: (m[1] as string).trim(), line: i + 1 });
  });
  return { path, exists: true, sections };
}

export class Facts {
  constructor(private readonly ctx: DoctorContext) {}

  /** `~/.aws/config` instead of the absolute path, in messages. */
  show = (path: string): string => displayPath(path, this.ctx.paths.home);

  /** A path for a fix command: `~/.aws/config` when that is safe to paste unquoted. */
  shell = (path: string): string => {
    const shown = this.show(path);
    const rest = shown.startsWith('~/') ? shown.slice(2) : undefined;
    return rest && shellQuote(rest) === rest ? shown : shellQuote(path);
  };

  readonly config = once(async (): Promise<LoadedConfig> => {
    const path = this.ctx.paths.awsConfigFile;
    try {
      return await readAwsConfig(path);
    } catch (e) {
      return { ...resolveConfig('', path), exists: true, readError: (e as Error).message };
    }
  });

  readonly credentials = once(() => readCredentialsNames(this.ctx.paths.awsCredentialsFile));

  readonly profiles = once(async (): Promise<ProfileUse[]> =>
    [...(await this.config()).profiles.values()].map(profileUse),
  );

  /** File names the SDKs will look tokens up by: sessions by name, legacy profiles by start URL. */
  readonly tokenKeys = once(async (): Promise<Set<string>> => {
    const cfg = await this.config();
    const keys = new Set([...cfg.ssoSessions.keys()].map(ssoCacheKey));
    for (const p of await this.profiles()) {
      if (p.legacy && p.values.sso_start_url) keys.add(ssoCacheKey(p.values.sso_start_url));
    }
    return keys;
  });

  readonly cache = once(async (): Promise<CacheScan> =>
    scanSsoCache(this.ctx.paths.awsSsoCacheDir, await this.tokenKeys()),
  );

  readonly awsid = once(async (): Promise<AwsidStateFacts> => {
    let store: DoctorStore;
    try {
      store = await this.ctx.openStore();
    } catch (error) {
      return { error };
    }
    // The doctor never prompts: without AWSID_PASSPHRASE it cannot open a passphrase store.
    if (store.kind === 'passphrase' && !this.ctx.env.AWSID_PASSPHRASE) {
      return { store, skipped: 'AWSID_PASSPHRASE is not set, so the doctor cannot open the store' };
    }
    try {
      return { store, state: await store.read() };
    } catch (error) {
      return { store, error };
    }
  });

  profileInScope(p: ProfileUse): boolean {
    const { profile, ssoSession } = this.ctx.only;
    if (profile !== undefined && p.name !== profile) return false;
    return ssoSession === undefined || sessionsOf(p).includes(ssoSession);
  }

  /** With --profile, the sessions that profile uses; with --sso-session, that one. */
  async sessionInScope(name: string): Promise<boolean> {
    const { profile, ssoSession } = this.ctx.only;
    if (ssoSession !== undefined && name !== ssoSession) return false;
    if (profile === undefined) return true;
    const p = (await this.profiles()).find((x) => x.name === profile);
    return p !== undefined && sessionsOf(p).includes(name);
  }

  /** Profiles (in scope) that use session `name`, split by who holds their token. */
  async usersOf(name: string): Promise<{ cli: ProfileUse[]; awsid: ProfileUse[] }> {
    const ps = (await this.profiles()).filter((p) => this.profileInScope(p));
    return {
      cli: ps.filter((p) => p.botocoreSso && p.ssoSession === name),
      awsid: ps.filter((p) => p.awsid?.session === name),
    };
  }
}

export interface CheckContext extends DoctorContext {
  facts: Facts;
}
