/**
 * The daemon's answer to "which role does profile P name": its world's config file (the caller's
 * own, docs/architecture.md "One daemon per world"), parsed once and parsed again only when the
 * file changes (device, inode, size, mtime or ctime differ) and parsed each time while it is
 * younger than two seconds, resolved as the full CLI resolves
 * `--profile` (src/awsconfig/profile-role.ts), so an edit is seen by the next call.
 */
import { stat } from 'node:fs/promises';

import { roleOfProfile } from '../../awsconfig/profile-role.js';
import { configSyntaxError } from '../../awsconfig/problems.js';
import { type AwsConfig, readAwsConfig } from '../../awsconfig/resolve.js';
import type { Clock } from '../../core/clock.js';
import type { RoleRef } from '../../core/model.js';

/** The role a profile names, and its client `region` when it has one. */
export type ProfileRoles = (profile: string) => Promise<RoleRef & { region: string | undefined }>;

/**
 * File timestamps advance by the kernel's clock tick, so two writes in one tick can look alike:
 * a file changed this recently is read again every time (git's "racy git" rule).
 */
const SETTLED_MS = 2_000;

async function fileKey(path: string, now: number): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    if (now - Number(s.mtimeMs) < SETTLED_MS || now - Number(s.ctimeMs) < SETTLED_MS) {
      return undefined;
    }
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch {
    // Missing or unreadable: read it every time and let readAwsConfig say what is wrong.
    return undefined;
  }
}

export function profileRoles(configPath: string, home: string, clock: Clock): ProfileRoles {
  let cached: { key: string; cfg: AwsConfig } | undefined;
  return async (profile) => {
    // Stat before reading: a change in between is read now and seen again by the next stat.
    const key = await fileKey(configPath, clock.now());
    let cfg = key !== undefined && cached?.key === key ? cached.cfg : undefined;
    if (!cfg) {
      cfg = await readAwsConfig(configPath);
      cached = key === undefined ? undefined : { key, cfg };
    }
    const err = configSyntaxError(cfg, home);
    if (err) throw err;
    const { ssoSession, accountId, roleName, region } = roleOfProfile(cfg, profile);
    return { ssoSession, accountId, roleName, region };
  };
}
