import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DaemonServer } from '../daemon/server/server.js';
import {
  cacheName,
  createDoctorSandbox,
  only,
  VERSION,
  type DoctorSandbox,
} from '../../test/fixtures/doctor/sandbox.js';
import {
  HEALTHY_CONFIG,
  healthySetup,
  startDaemon as startDaemonAt,
} from '../../test/fixtures/doctor/setups.js';

let sb: DoctorSandbox;
let daemons: DaemonServer[];
beforeEach(async () => {
  sb = await createDoctorSandbox();
  daemons = [];
});
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.close()));
  await sb.close();
});

const healthy = () => healthySetup(sb, daemons);
const startDaemon = (version: string) => startDaemonAt(sb, version, daemons);

describe('--fix', () => {
  it('deletes a corrupt cache file and tightens a 0644 config, prints each action, then checks again', async () => {
    await sb.config(
      '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n',
      0o644,
    );
    const corrupt = await sb.cliCache('corp', '{"accessToken": "aoaTRUNCATED-secret-0007');
    const r = await sb.command({ fix: true });
    expect(existsSync(corrupt)).toBe(false);
    expect((await stat(sb.paths.awsConfigFile)).mode & 0o777).toBe(0o600);
    expect(r.err).toContain(
      `fixed (cache-corrupt): delete ~/.aws/sso/cache/${cacheName('corp')}\n`,
    );
    expect(r.err).toContain('fixed (file-permissions): chmod 600 ~/.aws/config\n');
    expect(r.err).toContain('checking again...\n');
    // After the fixes, what is left needs the user: the login.
    expect(r.out).not.toMatch(/(warn|FAIL) cache-corrupt/);
    expect(r.out).not.toContain('warn file-permissions');
    expect(r.out).toContain('FAIL token-missing: no AWS CLI token for sso-session corp');
    expect(r.code).toBe(1);
  });

  it('stops a daemon of another version (daemon-version-mismatch)', async () => {
    await healthy();
    await daemons.pop()!.close();
    const old = await startDaemon('0.0.1');
    const before = only(await sb.results(), 'daemon-version-mismatch');
    expect(before).toMatchObject([
      {
        status: 'warn',
        message: expect.stringContaining(`runs awsid 0.0.1, this is ${VERSION}`),
        fix: 'awsid daemon stop   (or: awsid doctor --fix)',
      },
    ]);
    const r = await sb.command({ fix: true });
    expect(r.err).toContain(
      `fixed (daemon-version-mismatch): stop the awsid 0.0.1 daemon (pid ${old.pid})`,
    );
    expect(await old.closed).toBeTruthy();
    expect(r.out).toContain('warn daemon-not-running: not running');
    expect(r.out).toContain('fix: awsid daemon start');
  });

  it('says when there is nothing it can repair', async () => {
    await sb.config('[profile dev]\nregion = eu-west-1\n');
    const r = await sb.command({ fix: true });
    expect(r.err).toBe('nothing to fix\n');
  });
});

describe('daemon', () => {
  it('daemon-not-running is a warning when awsid profiles exist, ok when none do', async () => {
    const bin = await sb.executable('bin/awsid');
    await sb.config(HEALTHY_CONFIG(bin));
    expect(only(await sb.results(), 'daemon-not-running')).toMatchObject([
      { status: 'warn', fix: 'awsid daemon start' },
    ]);
    await sb.config('[profile dev]\nregion = eu-west-1\n');
    expect(only(await sb.results(), 'daemon-not-running')).toMatchObject([{ status: 'ok' }]);
  });
});
