/**
 * The passphrase store with the daemon: `awsid unlock` hands the derived key (never the
 * passphrase) to the daemon, `awsid lock` takes it back, a locked daemon answers with one line
 * naming `awsid unlock`, and the daemon's environment never holds AWSID_PASSPHRASE or AWS keys,
 * whichever of the four ways started it. The built CLI, the fake Identity Center, a temp HOME.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { derivePassphraseKey } from '../../src/store/passphrase-kdf.js';
import type { FakeIdc } from '../fake-idc/index.js';
import type { CliResult, Sandbox } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const PASSPHRASE = 'unlock-test passphrase';
const WITH_PASSPHRASE = { AWSID_PASSPHRASE: PASSPHRASE };
const LOCKED_LINE = 'awsid: the awsid daemon is locked (passphrase store); run: awsid unlock\n';
const CALLER_SECRETS = {
  AWSID_PASSPHRASE: PASSPHRASE,
  AWS_ACCESS_KEY_ID: 'AKIACALLEREXAMPLE000',
  AWS_SECRET_ACCESS_KEY: 'caller-static-secret-key-do-not-inherit',
  AWS_SESSION_TOKEN: 'caller-session-token-do-not-inherit',
};
const CONFIG = CORP_DEV_CONFIG;
const ROLE = CP.slice(1);

interface DaemonJson {
  running: boolean;
  pid?: number;
  secretStore?: { kind: string; locked: boolean };
}

function expectCredentials(r: CliResult, fake: FakeIdc): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { Version: number; SecretAccessKey: string };
  expect(doc.Version).toBe(1);
  expect(fake.issuedSecrets()).toContain(doc.SecretAccessKey);
}

describe('awsid unlock / lock with the passphrase store', () => {
  let world: World;
  let fake: FakeIdc;
  let sb: Sandbox;
  const daemon = async (): Promise<DaemonJson> =>
    JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as DaemonJson;
  /** The daemon's environment as the kernel shows it to the user's other processes. */
  const daemonEnviron = async (): Promise<string[]> => {
    const { pid } = await daemon();
    return (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
  };

  beforeAll(async () => {
    world = await startWorld({
      config: CONFIG,
      env: { AWSID_SECRET_STORE: 'passphrase' },
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    ({ fake, sb } = world);
    const login = await sb.run(['login', '--no-browser'], WITH_PASSPHRASE);
    expect(login.code).toBe(0);
  });
  afterAll(async () => world?.close());

  it('login starts no daemon; the first credential request starts one, locked: one line naming awsid unlock, exit 6', async () => {
    expect(await daemon()).toMatchObject({ running: false });
    for (const args of [CP, ['credential-process', '--profile', 'dev']]) {
      const r = await sb.run(args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(LOCKED_LINE);
      expect(r.code).toBe(6);
    }
    expect(await daemon()).toMatchObject({
      running: true,
      secretStore: { kind: 'passphrase', locked: true },
    });
  });

  it('exec and env, which use the full client, fail the same way', async () => {
    for (const args of [
      ['exec', ...ROLE, '--', 'true'],
      ['env', ...ROLE],
    ]) {
      const r = await sb.run(args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'awsid: the awsid daemon is locked (passphrase store)\n  run: awsid unlock\n',
      );
      expect(r.code).toBe(6);
    }
  });

  it('a wrong passphrase is the usual one-line error, exit 6, and the daemon stays locked', async () => {
    const r = await sb.run(['unlock'], { AWSID_PASSPHRASE: 'not it' });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^awsid: the passphrase does not open .*state\.sealed/);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect((await daemon()).secretStore).toEqual({ kind: 'passphrase', locked: true });
  });

  it('unlock hands the key over: credential-process then works without AWSID_PASSPHRASE', async () => {
    const r = await sb.run(['unlock', '--sso-session', 'ignored'], WITH_PASSPHRASE);
    expect(r.stderr).toMatch(
      /^Unlocked the awsid daemon \(pid \d+\): it keeps the key in memory until it exits or you run awsid lock\.\n$/,
    );
    expect(r.code).toBe(0);
    expect((await daemon()).secretStore).toEqual({ kind: 'passphrase', locked: false });
    expectCredentials(await sb.run(CP), fake);
    const text = await sb.run(['daemon', 'status']);
    expect(text.stdout).toContain('  secret store: passphrase, unlocked\n');
  });

  it('lock forgets the key and the cached credentials: the next call fails with the one line', async () => {
    const { pid } = await daemon();
    const r = await sb.run(['lock']);
    expect(r.stderr).toBe(
      `Locked the awsid daemon (pid ${pid}): it forgot the key and the role credentials it had cached.\n`,
    );
    expect(r.code).toBe(0);
    const after = await sb.run(CP);
    expect(after.stderr).toBe(LOCKED_LINE);
    expect(after.code).toBe(6);
    const again = await sb.run(['lock']);
    expect(again.stderr).toBe(`The awsid daemon (pid ${pid}) was already locked.\n`);
    expect(again.code).toBe(0);
  });

  it('login hands the key to a running daemon', async () => {
    const login = await sb.run(['login', '--no-browser'], WITH_PASSPHRASE);
    expect(login.code).toBe(0);
    expect((await daemon()).secretStore).toEqual({ kind: 'passphrase', locked: false });
    expectCredentials(await sb.run(CP), fake);
  });

  it.each([
    ['the fast path (credential-process)', CP],
    ['the full client (credential-process --profile)', ['credential-process', '--profile', 'dev']],
    ['awsid unlock', ['unlock']],
    ['awsid daemon start', ['daemon', 'start']],
  ])(
    'started by %s from an environment with AWSID_PASSPHRASE and AWS keys, the daemon has neither',
    async (_how, args) => {
      await sb.run(['daemon', 'stop']);
      const r = await sb.run(args, CALLER_SECRETS);
      expect(r.code).toBe(0);
      const environ = await daemonEnviron();
      expect(environ.some((v) => v.startsWith('HOME='))).toBe(true);
      expect(environ.some((v) => v.startsWith('AWSID_SECRET_STORE='))).toBe(true);
      for (const name of Object.keys(CALLER_SECRETS)) {
        expect(environ.filter((v) => v.startsWith(`${name}=`))).toEqual([]);
      }
      for (const value of Object.values(CALLER_SECRETS)) {
        expect(environ.join('\n')).not.toContain(value);
      }
    },
  );

  it('a caller with AWSID_PASSPHRASE unlocks a locked daemon itself, fast path or not', async () => {
    for (const args of [CP, ['credential-process', '--profile', 'dev'], ['env', ...ROLE]]) {
      expect((await sb.run(['lock'])).code).toBe(0);
      const r = await sb.run(args, WITH_PASSPHRASE);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((await daemon()).secretStore).toEqual({ kind: 'passphrase', locked: false });
    }
  });

  it('leaves neither the key nor the passphrase in any file under HOME or TMPDIR', async () => {
    await sb.run(['daemon', 'stop']);
    const sealed = JSON.parse(
      await readFile(join(sb.home, '.local/state/awsid/state.sealed'), 'utf8'),
    ) as { salt: string };
    const key = await derivePassphraseKey(PASSPHRASE, Buffer.from(sealed.salt, 'base64'));
    const forms = [key.toString('base64'), key.toString('hex'), PASSPHRASE];
    expect(await sb.filesContaining(forms)).toEqual([]);
    expect(await sb.filesContaining(fake.issuedSecrets())).toEqual([]);
  });
});

describe('awsid unlock / lock with another store', () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());

  it.each(['unlock', 'lock'])(
    '%s says in one line it is for the passphrase store, exit 0',
    async (cmd) => {
      for (const store of [undefined, 'memory']) {
        const r = await world.sb.run([cmd], { AWSID_SECRET_STORE: store });
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(
          `awsid ${cmd} is only for the passphrase store (AWSID_SECRET_STORE=passphrase); the ${store ?? 'keychain'} store has nothing to ${cmd}\n`,
        );
        expect(r.code).toBe(0);
      }
    },
  );
});
