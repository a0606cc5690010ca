import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Clock } from '../../core/clock.js';
import { ConfigError } from '../../core/errors.js';
import { systemClock } from '../../platform/clock-node.js';
import { profileRoles } from './profile-roles.js';

const SESSION =
  '[sso-session corp]\nsso_start_url = https://d-0000000000.awsapps.com/start\nsso_region = us-east-1\n';
const config = (role: string) =>
  `${SESSION}[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ${role}\n`;

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-profile-roles-'));
  path = join(dir, 'config');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('profileRoles', () => {
  it('parses a settled file once, and again once it changes', async () => {
    await writeFile(path, config('RoleA'));
    // Ten seconds on: the file is settled, so its stat is trusted.
    const later: Clock = { ...systemClock, now: () => Date.now() + 10_000 };
    const roles = profileRoles(path, dir, later);
    expect((await roles('dev')).roleName).toBe('RoleA');
    await writeFile(path, config('RoleCee'));
    expect((await roles('dev')).roleName).toBe('RoleCee');
  });

  it('sees an edit that keeps the size, made right after the previous read', async () => {
    await writeFile(path, config('RoleA'));
    const roles = profileRoles(path, dir, systemClock);
    expect(await roles('dev')).toEqual({
      ssoSession: 'corp',
      accountId: '111122223333',
      roleName: 'RoleA',
    });
    await writeFile(path, config('RoleB'));
    expect((await roles('dev')).roleName).toBe('RoleB');
  });

  it('reads a file created after the first call, and reports what the full CLI reports', async () => {
    const roles = profileRoles(path, dir, systemClock);
    await expect(roles('dev')).rejects.toThrow(`profile 'dev' is not in ${path}`);
    await writeFile(path, config('RoleA'));
    expect((await roles('dev')).roleName).toBe('RoleA');
    await expect(roles('nope')).rejects.toBeInstanceOf(ConfigError);
    await writeFile(path, '[profile dev\nsso_session = corp\n');
    await expect(roles('dev')).rejects.toThrow(/line 1/);
  });

  it("names the close sso-session for a mistyped sso_session, with the profile's line", async () => {
    await writeFile(path, config('RoleA').replace('sso_session = corp', 'sso_session = corpp'));
    const roles = profileRoles(path, dir, systemClock);
    await expect(roles('dev')).rejects.toThrow(
      `profile 'dev' (line 4 of ${path}): unknown sso-session 'corpp' (did you mean 'corp'?)`,
    );
    await expect(roles('dve')).rejects.toThrow(
      `profile 'dve' is not in ${path} (did you mean 'dev'?)`,
    );
  });
});
