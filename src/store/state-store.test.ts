import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CorruptStateError, SecretStoreError, UsageError } from '../core/errors.js';
import { systemClock } from '../platform/clock-node.js';
import type { Env } from '../platform/env.js';
import { resolvePaths, type Paths } from '../platform/paths.js';
import { WrongPassphraseError } from './key-passphrase.js';
import { openStateStore, type AwsidState, type OpenStateStoreOptions } from './state-store.js';

const TOKEN = 'aoaSECRET-access-token-7f3e9a';

function withSession(state: AwsidState, name: string, token = TOKEN): AwsidState {
  state.sessions[name] = {
    startUrl: 'https://corp.awsapps.com/start',
    region: 'eu-west-1',
    scopes: ['sso:account:access'],
    token: { accessToken: token, expiresAt: 2e12, issuedAt: 1e12, loginAt: 1e12 },
  };
  return state;
}

let home: string;
let paths: Paths;
let file: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'awsid-store-'));
  paths = resolvePaths({ HOME: home });
  file = join(paths.stateDir, 'state.sealed');
});
afterEach(() => rm(home, { recursive: true, force: true }));

const open = (env: Env, extra: Partial<OpenStateStoreOptions> = {}) =>
  openStateStore({ env, paths, clock: systemClock, ...extra });
const pass = (p = 'correct horse') => ({ AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: p });
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('openStateStore', () => {
  it('rejects an unknown AWSID_SECRET_STORE with a UsageError naming the three choices', async () => {
    const err = await open({ AWSID_SECRET_STORE: 'plaintext' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/keychain, passphrase or memory/);
  });

  it('defaults to the keychain store and touches nothing on open', async () => {
    const store = await open({});
    expect(store.kind).toBe('keychain');
    expect(store.describe()).toMatch(
      /^OS keychain \(.+\) \+ sealed file ~\/\.local\/state\/awsid\/state\.sealed$/,
    );
    expect(await exists(join(home, '.local'))).toBe(false);
  });
});

describe('passphrase store', () => {
  it('reads an empty state without asking for anything or writing anything', async () => {
    const store = await open({ AWSID_SECRET_STORE: 'passphrase' });
    expect(await store.read()).toEqual({ version: 1, sessions: {} });
    expect(await exists(join(home, '.local'))).toBe(false);
  });

  it('seals, reopens in another instance, and keeps secrets out of the file', async () => {
    const a = await open(pass());
    const result = await a.update((s) => ({ state: withSession(s, 'corp'), result: 'done' }));
    expect(result).toBe('done');
    const b = await open(pass());
    expect((await b.read()).sessions.corp?.token?.accessToken).toBe(TOKEN);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('correct horse');
    const env = JSON.parse(text) as Record<string, unknown>;
    expect(env.store).toBe('passphrase');
    expect(typeof env.salt).toBe('string');
  });

  it('creates the state file 0600 in a 0700 directory', async () => {
    const store = await open(pass());
    await store.update((s) => ({ state: withSession(s, 'corp'), result: undefined }));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.stateDir)).mode & 0o777).toBe(0o700);
    // No temp files or lock left behind.
    expect((await readdir(paths.stateDir)).sort()).toEqual(['state.sealed']);
  });

  it('says the passphrase does not open the file when it is wrong', async () => {
    await (await open(pass())).update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    const err = await (await open(pass('wrong'))).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongPassphraseError);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as Error).message).toBe(
      `the passphrase does not open ${file} (a wrong passphrase, or the file was altered)`,
    );
  });

  it('without AWSID_PASSPHRASE or a prompt, names AWSID_PASSPHRASE and writes nothing', async () => {
    const store = await open({ AWSID_SECRET_STORE: 'passphrase' });
    const err = await store
      .update((s) => ({ state: withSession(s, 'corp'), result: 0 }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreError);
    expect((err as Error).message).toMatch(/AWSID_PASSPHRASE/);
    expect(await exists(join(home, '.local'))).toBe(false);
  });

  it('asks the prompt once per instance', async () => {
    let asked = 0;
    const promptPassphrase = () => {
      asked++;
      return Promise.resolve('typed');
    };
    const store = await open({ AWSID_SECRET_STORE: 'passphrase' }, { promptPassphrase });
    await store.update((s) => ({ state: withSession(s, 'a'), result: 0 }));
    await store.update((s) => ({ state: withSession(s, 'b'), result: 0 }));
    expect(Object.keys((await store.read()).sessions)).toEqual(['a', 'b']);
    expect(asked).toBe(1);
    const viaEnv = await open(pass('typed'));
    expect(Object.keys((await viaEnv.read()).sessions)).toEqual(['a', 'b']);
  });

  it('serialises concurrent updates within one process', async () => {
    const store = await open(pass());
    await store.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update((s) => {
          s.sessions.corp!.scopes.push(`s${i}`);
          return { state: s, result: i };
        }),
      ),
    );
    expect((await store.read()).sessions.corp?.scopes).toHaveLength(21);
  });

  it('writes nothing when fn changes nothing, and nothing when fn throws', async () => {
    const store = await open(pass());
    await store.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    const before = await readFile(file, 'utf8');
    await store.update((s) => ({ state: s, result: 0 }));
    const boom = await store
      .update((s) => {
        withSession(s, 'other');
        throw new Error('network down');
      })
      .catch((e: unknown) => e);
    expect((boom as Error).message).toBe('network down');
    expect(await readFile(file, 'utf8')).toBe(before);
    // The lock was released: a later update goes through.
    await store.update((s) => ({ state: withSession(s, 'later'), result: 0 }));
    expect(Object.keys((await store.read()).sessions)).toEqual(['corp', 'later']);
  });

  it('refuses to write a malformed state (a bug), leaving the file alone', async () => {
    const store = await open(pass());
    const err = await store
      .update((s) => ({ state: { ...s, version: 2 } as unknown as AwsidState, result: 0 }))
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/awsid bug/);
    expect(await exists(file)).toBe(false);
  });
});

describe('unreadable files', () => {
  it('a damaged file is a CorruptStateError naming it; quarantine moves it aside intact', async () => {
    const store = await open(pass());
    await store.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    await writeFile(file, '{"v":1,"store":"passphrase", garbage', { mode: 0o600 });
    const err = await store.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStateError);
    expect((err as CorruptStateError).message).toContain(file);
    expect((err as CorruptStateError).hint).toBe('awsid login');

    const moved = await store.quarantine();
    expect(moved).toMatch(/state\.sealed\.unreadable-\d{8}T\d{6}Z$/);
    expect(await readFile(moved!, 'utf8')).toBe('{"v":1,"store":"passphrase", garbage');
    expect(await exists(file)).toBe(false);
    expect(await store.read()).toEqual({ version: 1, sessions: {} });
    await store.update((s) => ({ state: withSession(s, 'fresh'), result: 0 }));
    expect(Object.keys((await store.read()).sessions)).toEqual(['fresh']);
  });

  it('a second quarantine in the same second gets its own name', async () => {
    const store = await open(pass());
    await (await open(pass())).update((s) => ({ state: withSession(s, 'x'), result: 0 }));
    await writeFile(file, 'junk1');
    const first = await store.quarantine();
    await writeFile(file, 'junk2');
    const second = await store.quarantine();
    expect(second).not.toBe(first);
    expect(await readFile(first!, 'utf8')).toBe('junk1');
    expect(await readFile(second!, 'utf8')).toBe('junk2');
  });

  it('quarantine leaves a readable file alone', async () => {
    const store = await open(pass());
    expect(await store.quarantine()).toBeUndefined();
    await store.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    expect(await store.quarantine()).toBeUndefined();
    expect(Object.keys((await store.read()).sessions)).toEqual(['corp']);
  });

  it('leaves state.sealed to the store that sealed it: the other one keeps its own file', async () => {
    await (await open(pass())).update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    const sealed = await readFile(file, 'utf8');
    const keychain = await open({});
    expect(await keychain.read()).toEqual({ version: 1, sessions: {} });
    expect(await keychain.quarantine()).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(sealed);
    expect((await (await open(pass())).read()).sessions.corp?.token?.accessToken).toBe(TOKEN);
  });

  it("a store's own file sealed by the other store says which store opens it", async () => {
    await (await open(pass())).update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    await writeFile(join(paths.stateDir, 'state-keychain.sealed'), await readFile(file));
    const err = await (await open({})).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStateError);
    expect((err as CorruptStateError).message).toContain('sealed by the passphrase store');
    expect((err as CorruptStateError).hint).toBe('export AWSID_SECRET_STORE=passphrase');
  });

  it('a sealed file from a newer awsid says so', async () => {
    await (await open(pass())).update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    await writeFile(file, '{"v":2,"store":"passphrase"}');
    const err = await (await open(pass())).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStateError);
    expect((err as Error).message).toContain('written by a newer awsid');
  });
});

describe('memory store', () => {
  it('keeps state in this instance only and writes nothing', async () => {
    const store = await open({ AWSID_SECRET_STORE: 'memory' });
    expect(store.kind).toBe('memory');
    expect(store.describe()).toMatch(/^memory only .*nothing is saved/);
    await store.update((s) => ({ state: withSession(s, 'corp'), result: 0 }));
    expect((await store.read()).sessions.corp?.token?.accessToken).toBe(TOKEN);
    expect(await store.quarantine()).toBeUndefined();
    expect((await (await open({ AWSID_SECRET_STORE: 'memory' })).read()).sessions).toEqual({});
    expect(await exists(join(home, '.local'))).toBe(false);
  });
});
