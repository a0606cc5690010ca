/**
 * cache-corrupt: files in ~/.aws/sso/cache the SDKs cannot use. A corrupt token file makes
 * botocore leak a raw KeyError and the JS SDK say "not found or is invalid" (docs/protocol.md,
 * "SDK error texts"); deleting it is always safe (the next login writes it anew), so `--fix` does.
 */
import { rm } from 'node:fs/promises';

import { shellCommand } from '../../core/shell-quote.js';
import type { CheckContext } from '../facts.js';
import { fail, ok, plural, warn } from '../result.js';
import { ssoCacheKey, type CacheFile } from '../sso-cache.js';
import type { Check, CheckResult } from '../types.js';

interface Owner {
  what: string;
  login: string;
  inScope: boolean;
}

async function owners(ctx: CheckContext): Promise<Map<string, Owner>> {
  const cfg = await ctx.facts.config();
  const map = new Map<string, Owner>();
  for (const name of cfg.ssoSessions.keys()) {
    map.set(ssoCacheKey(name), {
      what: `sso-session ${name}`,
      login: shellCommand(['aws', 'sso', 'login', '--sso-session', name]),
      inScope: await ctx.facts.sessionInScope(name),
    });
  }
  for (const p of await ctx.facts.profiles()) {
    const url = p.values.sso_start_url;
    if (!p.legacy || !url || map.has(ssoCacheKey(url))) continue;
    map.set(ssoCacheKey(url), {
      what: `profile ${p.name}`,
      login: shellCommand(['aws', 'sso', 'login', '--profile', p.name]),
      inScope: ctx.facts.profileInScope(p),
    });
  }
  return map;
}

function corrupt(f: CacheFile, shown: string, owner: Owner | undefined, sh: string): CheckResult {
  const rmCmd = `rm ${sh}`;
  const repair = { describe: `delete ${shown}`, run: () => rm(f.path, { force: true }) };
  if (!owner) {
    return warn(
      'cache-corrupt',
      shown,
      `${shown}: ${f.problem ?? 'unusable'}; no profile reads it, but tools that read every file there (aws sso logout) may stumble on it`,
      `${rmCmd}   (or: awsid doctor --fix)`,
      repair,
    );
  }
  return fail(
    'cache-corrupt',
    shown,
    `${shown} is the AWS CLI token for ${owner.what}, but ${f.problem ?? 'it is unusable'}: botocore fails with a KeyError or "Token ... is invalid", the JS SDK with "not found or is invalid"`,
    `${rmCmd}   (or: awsid doctor --fix), then: ${owner.login}`,
    repair,
  );
}

function unreadable(
  f: CacheFile,
  shown: string,
  owner: Owner | undefined,
  sh: string,
): CheckResult {
  const report = owner ? fail : warn;
  return report(
    'cache-corrupt',
    shown,
    `${shown}: ${f.problem ?? 'it cannot be read'}${owner ? `; it is the AWS CLI token for ${owner.what}` : ''} (a login run with sudo leaves files owned by root)`,
    `sudo chown "$(id -un)" ${sh}`,
  );
}

export const cacheCorruptCheck: Check<CheckContext> = {
  id: 'cache-corrupt',
  async run(ctx) {
    const cache = await ctx.facts.cache();
    const dir = ctx.facts.show(cache.dir);
    if (cache.readError) {
      return [
        fail(
          'cache-corrupt',
          dir,
          `${dir} cannot be read (${cache.readError})`,
          `ls -ld ${ctx.facts.shell(cache.dir)}`,
        ),
      ];
    }
    if (!cache.exists)
      return [
        ok('cache-corrupt', dir, `${dir} does not exist (the AWS CLI has not logged in here)`),
      ];
    const byKey = await owners(ctx);
    const filtered = ctx.only.profile !== undefined || ctx.only.ssoSession !== undefined;
    const out: CheckResult[] = [];
    for (const f of cache.files) {
      if (f.kind !== 'corrupt' && f.kind !== 'unreadable') continue;
      const owner = byKey.get(f.name);
      if (filtered && !owner?.inScope) continue;
      const shown = `${dir}/${f.name}`;
      const sh = ctx.facts.shell(f.path);
      out.push(
        f.kind === 'corrupt' ? corrupt(f, shown, owner, sh) : unreadable(f, shown, owner, sh),
      );
    }
    if (out.length === 0) {
      out.push(
        ok(
          'cache-corrupt',
          dir,
          cache.files.length ? `${plural(cache.files.length, 'cache file')}, all usable` : 'empty',
        ),
      );
    }
    return out;
  },
};
