import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openStateStore } from '../../store/state-store.js';
import {
  createDoctorSandbox,
  NOW,
  only,
  problems,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';

let sb: DoctorSandbox;
const servers: Server[] = [];
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await sb.close();
});

const SESSION =
  '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n';

describe('env-overrides-profile', () => {
  it('fails for AWS_PROFILE naming no profile, and names one that exists', async () => {
    await sb.config(`${SESSION}[profile dev]\nregion = eu-west-1\n`);
    const rs = only(
      await sb.results({}, { env: { ...sb.env, AWS_PROFILE: 'prod' } }),
      'env-overrides-profile',
    );
    expect(rs).toMatchObject([
      {
        status: 'fail',
        subject: 'environment',
        fix: 'export AWS_PROFILE=dev   (or: unset AWS_PROFILE)',
      },
    ]);
  });

  it('accepts AWS_PROFILE naming a profile that is only in ~/.aws/credentials', async () => {
    await sb.config(SESSION);
    await sb.credentials('[static]\naws_access_key_id = AKIA\n');
    const rs = await sb.results({}, { env: { ...sb.env, AWS_PROFILE: 'static' } });
    expect(only(rs, 'env-overrides-profile')).toMatchObject([{ status: 'ok' }]);
  });

  it('warns when key variables shadow every profile, without showing their values', async () => {
    await sb.config(SESSION);
    const env = {
      ...sb.env,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID',
      AWS_SECRET_ACCESS_KEY: 'ENVSECRET-secret-0003',
    };
    const [r] = only(await sb.results({}, { env }), 'env-overrides-profile');
    expect(r?.status).toBe('warn');
    expect(r?.fix).toMatch(/^unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY/);
    expect(JSON.stringify(r)).not.toMatch(/AKIAEXAMPLEKEYID|ENVSECRET/);
  });

  it('warns when AWS_DEFAULT_PROFILE and AWS_PROFILE disagree (the CLI and the JS SDK pick differently)', async () => {
    await sb.config('[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-1\n');
    const env = { ...sb.env, AWS_PROFILE: 'a', AWS_DEFAULT_PROFILE: 'b' };
    expect(only(await sb.results({}, { env }), 'env-overrides-profile')).toMatchObject([
      {
        status: 'warn',
        message: 'AWS_DEFAULT_PROFILE=b and AWS_PROFILE=a: the AWS CLI uses b, the JS SDK a',
      },
    ]);
  });
});

describe('credential-process-unresolvable', () => {
  const profile = (name: string, cmd: string) =>
    `[profile ${name}]\ncredential_process = ${cmd} credential-process --sso-session corp --account-id 1 --role-name R\n`;

  it('warns when the command resolves only through the shell PATH, and fixes with the absolute path', async () => {
    const bin = await sb.executable('userbin/awsid');
    await sb.config(SESSION + profile('rel', 'awsid'));
    const env = { ...sb.env, PATH: `${join(sb.root, 'userbin')}:/usr/bin:/bin` };
    const [r] = only(await sb.results({}, { env }), 'credential-process-unresolvable');
    expect(r).toMatchObject({ status: 'warn', subject: 'profile rel' });
    expect(r?.message).toContain(`found only through your shell's PATH (${bin})`);
    expect(r?.fix).toBe(
      `in [profile rel] (line 5 of ~/.aws/config), start credential_process with ${bin}`,
    );
  });

  it('fails for a missing absolute path; generated profiles are fixed by populate, and reported once', async () => {
    const gone = join(sb.root, 'old-node/bin/awsid');
    await sb.config(
      `${SESSION}${profile('a', gone)}awsid_generated = corp\n${profile('b', gone)}awsid_generated = corp\n`,
    );
    expect(only(await sb.results(), 'credential-process-unresolvable')).toEqual([
      {
        id: 'credential-process-unresolvable',
        status: 'fail',
        subject: 'profiles',
        message: `credential_process in profiles a and b runs ${gone}, which does not exist (awsid moved: an upgrade or another Node version?)`,
        fix: 'awsid populate --sso-session corp',
      },
    ]);
  });

  it('fails for "~/" (botocore does not expand it) and for a command not on any PATH', async () => {
    await sb.config(
      `${SESSION}[profile t]\ncredential_process = ~/bin/helper --x\n[profile n]\ncredential_process = no-such-helper-xyz\n`,
    );
    const rs = only(await sb.results(), 'credential-process-unresolvable');
    expect(rs.map((r) => [r.status, r.subject])).toEqual([
      ['fail', 'profile t'],
      ['fail', 'profile n'],
    ]);
    expect(rs[0]?.fix).toBe(
      `in [profile t] (line 5 of ~/.aws/config), start credential_process with ${sb.home}/bin/helper`,
    );
  });

  it('accepts a command found on the minimal PATH and an absolute executable', async () => {
    const bin = await sb.executable('bin/awsid');
    await sb.config(`${SESSION}[profile s]\ncredential_process = sh -c true\n${profile('a', bin)}`);
    expect(only(await sb.results(), 'credential-process-unresolvable')).toMatchObject([
      { status: 'ok' },
    ]);
  });
});

describe('clock-skew', () => {
  async function dateServer(offsetMs: number): Promise<string> {
    const server = createServer((_req, res) => {
      res.writeHead(404, { Date: new Date(NOW + offsetMs).toUTCString() });
      res.end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('fails when the OIDC endpoint says the time is 10 minutes off', async () => {
    await sb.config(SESSION);
    const url = await dateServer(10 * 60_000);
    const rs = await sb.results(
      { offline: false },
      { env: { ...sb.env, AWS_ENDPOINT_URL_SSO_OIDC: url } },
    );
    expect(only(rs, 'clock-skew')).toMatchObject([
      {
        status: 'fail',
        message: expect.stringMatching(
          /^this computer's clock is 10 minutes behind http:\/\/127\.0\.0\.1/,
        ),
      },
    ]);
  });

  it('is ok within 5 minutes, and skipped with --offline', async () => {
    await sb.config(SESSION);
    const env = { ...sb.env, AWS_ENDPOINT_URL_SSO_OIDC: await dateServer(-2 * 60_000) };
    expect(only(await sb.results({ offline: false }, { env }), 'clock-skew')).toMatchObject([
      { status: 'ok' },
    ]);
    expect(only(await sb.results({ offline: true }, { env }), 'clock-skew')).toMatchObject([
      { status: 'ok', message: 'not checked (--offline)' },
    ]);
  });

  it('warns when the endpoint cannot be reached', async () => {
    await sb.config(SESSION);
    const url = await dateServer(0);
    await new Promise((r) => servers.pop()!.close(r));
    const rs = await sb.results(
      { offline: false },
      { env: { ...sb.env, AWS_ENDPOINT_URL_SSO_OIDC: url } },
    );
    expect(only(rs, 'clock-skew')).toMatchObject([
      { status: 'warn', message: expect.stringContaining(`could not reach ${url}`) },
    ]);
  });
});

describe('secret-store-unavailable', () => {
  it('fails with the keychain error and its hint when the keychain does not answer', async () => {
    const keychain = {
      name: 'Secret Service',
      fixHint: 'start gnome-keyring',
      get: () => Promise.reject(new Error('org.freedesktop.DBus.Error.ServiceUnknown')),
      set: () => Promise.reject(new Error('unreachable')),
    };
    const env = { ...sb.env, AWSID_SECRET_STORE: 'keychain' };
    const rs = await sb.results(
      {},
      {
        env,
        openStore: () => openStateStore({ env, paths: sb.paths, clock: sb.clock, keychain }),
      },
    );
    const [r] = only(rs, 'secret-store-unavailable');
    expect(r).toMatchObject({ status: 'fail', subject: 'secret store' });
    expect(r?.message).toContain('the OS keychain (Secret Service) is not reachable');
    expect(r?.fix).toContain('start gnome-keyring');
    expect(r?.fix).not.toContain('awsid doctor');
    // The passphrase store, with how the daemon gets its key; not the memory store (keeps nothing).
    expect(r?.fix).toMatch(/^export AWSID_SECRET_STORE=passphrase && awsid login && awsid unlock /);
    expect(r?.fix).not.toContain('memory');
  });

  it('fails for an unknown AWSID_SECRET_STORE', async () => {
    const env = { ...sb.env, AWSID_SECRET_STORE: 'vault' };
    const rs = await sb.results(
      {},
      { env, openStore: () => openStateStore({ env, paths: sb.paths, clock: sb.clock }) },
    );
    expect(only(rs, 'secret-store-unavailable')).toMatchObject([
      { status: 'fail', fix: 'export AWSID_SECRET_STORE=keychain' },
    ]);
  });

  it('state-corrupt: a sealed file that is not awsid state', async () => {
    const env = { ...sb.env, AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'pw' };
    await mkdir(sb.paths.stateDir, { recursive: true, mode: 0o700 });
    await writeFile(join(sb.paths.stateDir, 'state.sealed'), 'garbage', { mode: 0o600 });
    const rs = await sb.results(
      {},
      { env, openStore: () => openStateStore({ env, paths: sb.paths, clock: sb.clock }) },
    );
    expect(only(rs, 'state-corrupt')).toMatchObject([{ status: 'fail', fix: 'awsid login' }]);
  });

  it('a passphrase store without AWSID_PASSPHRASE is a warning: the doctor never prompts', async () => {
    const env = { ...sb.env, AWSID_SECRET_STORE: 'passphrase' };
    const rs = await sb.results(
      {},
      { env, openStore: () => openStateStore({ env, paths: sb.paths, clock: sb.clock }) },
    );
    expect(only(rs, 'secret-store-unavailable')).toMatchObject([{ status: 'warn' }]);
  });
});

describe('file-permissions', () => {
  it('warns on a 0644 config and fails on a 0644 token file, each with the chmod', async () => {
    await sb.config(SESSION, 0o644);
    await sb.cliCache('stray-registration', { clientId: 'c', clientSecret: 's' }, 0o644);
    const rs = only(await sb.results(), 'file-permissions');
    expect(rs.map((r) => [r.status, r.subject, r.fix])).toEqual([
      ['warn', '~/.aws/config', 'chmod 600 ~/.aws/config   (or: awsid doctor --fix)'],
      [
        'fail',
        expect.stringMatching(/^~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json$/),
        expect.stringMatching(
          /^chmod 600 ~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json {3}\(or: awsid doctor --fix\)$/,
        ),
      ],
    ]);
  });

  it("warns when awsid's runtime directory is open to others", async () => {
    await sb.config(SESSION);
    await mkdir(sb.paths.runtimeDir, { recursive: true });
    await chmod(sb.paths.runtimeDir, 0o755);
    const [r] = only(await sb.results(), 'file-permissions');
    expect(r?.status).toBe('warn');
    expect(r?.fix).toMatch(/^chmod 700 /);
    await r?.repair?.run();
    expect((await stat(sb.paths.runtimeDir)).mode & 0o777).toBe(0o700);
  });

  it('is ok when everything is private', async () => {
    await sb.config(SESSION);
    expect(problems(only(await sb.results(), 'file-permissions'))).toEqual([]);
  });
});
