/**
 * The keychain store against a real gnome-keyring on a private D-Bus (test/helpers/keyring.ts).
 * libdbus reads the session bus address once per process, so this file sets it in beforeAll,
 * before any keychain call; vitest runs each file in its own forked process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  keychainSkipReason,
  setKeychainProcessEnv,
  startPrivateKeyring,
  type PrivateKeyring,
} from '../../test/helpers/keyring.js';
import { CorruptStateError } from '../core/errors.js';
import { systemClock } from '../platform/clock-node.js';
import { napiKeychain, type Keychain } from '../platform/keychain.js';
import { resolvePaths, type Paths } from '../platform/paths.js';
import { openStateStore, type AwsidState } from './state-store.js';

const TOKEN = 'aoaKEYCHAIN-access-token-51c0ffee';
const REFRESH = 'aorKEYCHAIN-refresh-token-9badf00d';

function counting(inner: Keychain): Keychain & { gets: number; sets: number } {
  const k = {
    name: inner.name,
    fixHint: inner.fixHint,
    gets: 0,
    sets: 0,
    get: (s: string, a: string, signal: AbortSignal) => {
      k.gets++;
      return inner.get(s, a, signal);
    },
    set: (s: string, a: string, v: string, signal: AbortSignal) => {
      k.sets++;
      return inner.set(s, a, v, signal);
    },
  };
  return k;
}

function withSession(state: AwsidState, name: string): AwsidState {
  state.sessions[name] = {
    startUrl: 'https://corp.awsapps.com/start',
    region: 'eu-west-1',
    scopes: ['sso:account:access'],
    token: {
      accessToken: TOKEN,
      refreshToken: REFRESH,
      expiresAt: 2e12,
      issuedAt: 1e12,
      loginAt: 1e12,
    },
  };
  return state;
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const reason = keychainSkipReason('keychain store tests');

describe.skipIf(reason)('keychain store (real gnome-keyring)', () => {
  let kr: PrivateKeyring;
  let scratch: string;
  let paths: Paths;
  const secretTool = (...args: string[]) =>
    spawnSync('secret-tool', args, { env: { ...process.env, ...kr.env }, encoding: 'utf8' });
  const open = (keychain: Keychain, p = paths) =>
    openStateStore({ env: {}, paths: p, clock: systemClock, keychain });

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'awsid-kc-'));
    // Anything D-Bus activates later inherits these, not the real home.
    setKeychainProcessEnv({
      XDG_DATA_HOME: join(scratch, 'activated-data'),
      XDG_CACHE_HOME: join(scratch, 'cache'),
    });
    kr = await startPrivateKeyring();
    setKeychainProcessEnv(kr.env);
    paths = resolvePaths({ HOME: join(scratch, 'home') });
  });
  afterAll(async () => {
    await kr?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates the key once, shows it in the keychain, and keeps secrets out of every file', async () => {
    const first = counting(napiKeychain());
    const a = await open(first);
    expect(a.describe()).toBe(
      'OS keychain (Secret Service) + sealed file ~/.local/state/awsid/state.sealed',
    );
    await a.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    await a.update((s) => ({ state: withSession(s, 'dev'), result: 0 }));
    expect(first.sets).toBe(1);
    // One read, plus one re-check under the lock while the key was still absent (first run only).
    expect(first.gets).toBe(2);

    const listed = kr.search('service', 'awsid');
    expect(listed).toContain(`attribute.username = data-key:${paths.stateDir}`);
    const key = secretTool('lookup', 'service', 'awsid', 'username', `data-key:${paths.stateDir}`);
    expect(Buffer.from(key.stdout, 'base64')).toHaveLength(32);

    const needles = [TOKEN, REFRESH, key.stdout].map((s) => Buffer.from(s));
    const files = [...(await allFiles(scratch)), ...(await allFiles(kr.env.XDG_DATA_HOME))];
    expect(files).toContain(join(paths.stateDir, 'state.sealed'));
    for (const f of files) {
      const bytes = await readFile(f);
      for (const n of needles) expect(bytes.includes(n), `${f} holds a secret`).toBe(false);
    }
  });

  it('reads the keychain exactly once per store instance', async () => {
    const k = counting(napiKeychain());
    const b = await open(k);
    expect(Object.keys((await b.read()).sessions)).toEqual(['corp', 'dev']);
    await b.read();
    await b.update((s) => ({ state: withSession(s, 'third'), result: 0 }));
    await b.update((s) => ({ state: s, result: 0 }));
    await b.probe();
    expect(k.gets).toBe(1);
    expect(k.sets).toBe(0);
  });

  it('survives a restart of the keyring daemon', async () => {
    await kr.restart();
    const c = await open(napiKeychain());
    expect((await c.read()).sessions.corp?.token?.refreshToken).toBe(REFRESH);
  });

  it('keeps one key per state directory', async () => {
    const other = resolvePaths({ HOME: join(scratch, 'home2') });
    await (
      await open(napiKeychain(), other)
    ).update((s) => ({ state: withSession(s, 'x'), result: 0 }));
    const listed = kr.search('service', 'awsid');
    expect(listed).toContain(`data-key:${paths.stateDir}`);
    expect(listed).toContain(`data-key:${other.stateDir}`);
    expect(Object.keys((await (await open(napiKeychain())).read()).sessions)).toContain('corp');
  });

  it('an altered file is a CorruptStateError naming it', async () => {
    const file = join(paths.stateDir, 'state.sealed');
    const good = await readFile(file, 'utf8');
    const env = JSON.parse(good) as { data: string };
    const data = Buffer.from(env.data, 'base64');
    data[0] = data[0]! ^ 1;
    await writeFile(file, JSON.stringify({ ...env, data: data.toString('base64') }));
    const err = await (await open(napiKeychain())).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStateError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/altered or sealed with another key/);
    await writeFile(file, good);
  });

  it('a wiped key with a sealed file left is a CorruptStateError; quarantine and a new key recover', async () => {
    const file = join(paths.stateDir, 'state.sealed');
    expect(
      secretTool('clear', 'service', 'awsid', 'username', `data-key:${paths.stateDir}`).status,
    ).toBe(0);
    const k = counting(napiKeychain());
    const d = await open(k);
    const err = await d.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStateError);
    expect((err as CorruptStateError).message).toContain(`${file} cannot be opened`);
    expect((err as CorruptStateError).message).toContain('missing from the OS keychain');
    expect((err as CorruptStateError).hint).toBe('awsid login');

    const moved = await d.quarantine();
    expect(moved).toMatch(/state\.sealed\.unreadable-/);
    await d.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    expect(k.sets).toBe(1);
    expect(Object.keys((await (await open(napiKeychain())).read()).sessions)).toEqual(['corp']);
  });
});
