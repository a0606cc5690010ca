import { existsSync } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import type { Clock } from '../core/clock.js';
import { CorruptStateError, SecretStoreError } from '../core/errors.js';
import type { Paths } from '../platform/paths.js';
import { NotAFileError, readRegularFile } from '../platform/read-regular-file.js';
import { ensurePrivateDir, writeFileAtomic } from '../platform/secure-fs.js';
import { lockedUpdate, type FencedLock, type UpdateStep } from '../platform/locked-update.js';
import { withFileLock } from './file-lock.js';
import { PassphraseKeyProvider, WrongPassphraseError } from './key-passphrase.js';
import type { KeyProvider, SealingKey } from './key-provider.js';
import {
  EnvelopeError,
  UnsealError,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  STATE_FILE,
  chooseStateFile,
  stateFileOf,
  type Envelope,
  type EnvelopeHeader,
} from './seal.js';
import type { KeyMaterial, PassphraseKeys } from './passphrase-keys.js';
import { Serial } from './serial.js';
import { checkedState, emptyState, validateState, type AwsidState } from './state.js';
import type { StateStore, UpdateFn } from './state-store.js';

export { STATE_FILE } from './seal.js';
export const LOCK_FILE = 'state.lock';

/** The sealed file's text as read under the lock, and which file that was. */
interface Read {
  text: string | undefined;
  file: string;
}

interface Loaded extends SealingKey {
  state: AwsidState;
}

export interface SealedStoreOptions {
  paths: Paths;
  clock: Clock;
  provider: KeyProvider;
  lock?: { staleMs?: number; waitMs?: number } | undefined;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** `20261127T234718Z`: sortable, and legal in file names on every OS. */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** The keychain and passphrase stores: one AES-256-GCM sealed file, key from a KeyProvider. */
export class SealedStateStore implements StateStore {
  readonly kind: KeyProvider['kind'];
  /** The sealed file this store read last (`state.sealed` or its own; seal.ts says which). */
  file: string;
  private readonly lockFile: string;
  private readonly serial = new Serial();
  readonly passphraseKeys: PassphraseKeys | undefined;

  constructor(private readonly o: SealedStoreOptions) {
    this.kind = o.provider.kind;
    // Until the first read decides (resolveFile), the best guess for describe().
    const own = this.inStateDir(stateFileOf(this.kind));
    this.file = existsSync(own) ? own : this.inStateDir(STATE_FILE);
    this.lockFile = join(o.paths.stateDir, LOCK_FILE);
    const p = o.provider;
    this.passphraseKeys =
      p instanceof PassphraseKeyProvider
        ? {
            currentKey: () => this.currentKey(),
            acceptKey: (m) => this.acceptKey(p, m),
            forgetKeys: () => p.forgetKeys(),
            holdsKey: () => p.holdsKey(),
            heldKey: () => p.heldKey(this.file),
          }
        : undefined;
  }

  describe(): string {
    const { home } = this.o.paths;
    const shown = this.file.startsWith(`${home}/`) ? `~${this.file.slice(home.length)}` : this.file;
    return `${this.o.provider.describe()} + sealed file ${shown}`;
  }

  private inStateDir(name: string): string {
    return resolve(join(this.o.paths.stateDir, name));
  }

  /** Picks this store's file (chooseStateFile in seal.ts) and remembers it in `file`. */
  private async resolveFile(): Promise<string> {
    const ownExists = await exists(this.inStateDir(stateFileOf(this.kind)));
    // Not a regular file (a FIFO, a directory) reads as none here: it stays this store's, and
    // readText says what it is.
    const primary = ownExists
      ? undefined
      : await readRegularFile(this.inStateDir(STATE_FILE)).then(
          (f) => f?.text,
          () => undefined,
        );
    this.file = this.inStateDir(chooseStateFile(this.kind, ownExists, primary));
    return this.file;
  }

  private async readText(): Promise<string | undefined> {
    try {
      return (await readRegularFile(await this.resolveFile()))?.text;
    } catch (e) {
      if (!(e instanceof NotAFileError)) throw e;
      throw new CorruptStateError(e.message, { hint: e.hint ?? 'awsid login', cause: e });
    }
  }

  private parse(text: string): Envelope {
    try {
      return parseEnvelope(text);
    } catch (e) {
      if (!(e instanceof EnvelopeError)) throw e;
      const what = e.newerVersion
        ? 'was written by a newer awsid'
        : 'is not a sealed awsid state file';
      throw new CorruptStateError(`${this.file} ${what} (${e.message})`, { hint: 'awsid login' });
    }
  }

  private async load(): Promise<Loaded | undefined> {
    const text = await this.readText();
    return text === undefined ? undefined : this.open(text);
  }

  private async open(text: string): Promise<Loaded> {
    const env = this.parse(text);
    const { provider } = this.o;
    if (env.store !== provider.kind) {
      throw new CorruptStateError(
        `${this.file} was sealed by the ${env.store} store, but AWSID_SECRET_STORE selects ${provider.kind}`,
        { hint: `export AWSID_SECRET_STORE=${env.store}` },
      );
    }
    const header: EnvelopeHeader = { v: env.v, store: env.store };
    if (env.salt !== undefined) header.salt = env.salt;
    const key = await provider.keyFor(header, this.file);
    let plain: Buffer;
    try {
      plain = openEnvelope(env, key);
    } catch (e) {
      if (e instanceof UnsealError) throw provider.unsealError(this.file);
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(plain.toString('utf8'));
    } catch {
      throw new CorruptStateError(`${this.file} opens but holds no JSON`, { hint: 'awsid login' });
    } finally {
      plain.fill(0);
    }
    return { state: validateState(json, this.file), key, header };
  }

  async read(): Promise<AwsidState> {
    return (await this.load())?.state ?? emptyState();
  }

  private locked<T>(fn: (lock: FencedLock) => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      // The key source first: an unreachable keychain must leave no file and no directory behind.
      await this.o.provider.prepare();
      await ensurePrivateDir(this.o.paths.stateDir);
      return withFileLock(this.lockFile, fn, { clock: this.o.clock, ...this.o.lock });
    });
  }

  /**
   * The lock kit's read-modify-write (src/platform/locked-update.ts) on this store's file: the
   * fence compares the sealed bytes, which never repeat (a fresh IV per seal).
   */
  private rmw<T>(
    change: (read: Read, fence: () => Promise<void>) => Promise<UpdateStep<T>>,
    withLock: <U>(fn: (lock: FencedLock) => Promise<U>) => Promise<U> = (fn) => this.locked(fn),
  ): Promise<T> {
    const read = async (): Promise<Read> => ({ text: await this.readText(), file: this.file });
    const file = () => this.file;
    return lockedUpdate({ file, withLock, read, text: (r) => r.text, change });
  }

  /** Read, `fn`, write under the lock; fenced out, it starts over: re-take, re-read, re-run `fn`. */
  update<T>(fn: UpdateFn<T>): Promise<T> {
    return this.rmw(async ({ text, file }, check) => {
      const loaded = text === undefined ? undefined : await this.open(text);
      const before = loaded?.state ?? emptyState();
      const { state, result } = await fn(structuredClone(before), { check });
      const next = JSON.stringify(checkedState(state));
      if (next === JSON.stringify(before)) return { value: result };
      const sealing = loaded ?? (await this.o.provider.newKey());
      const plain = Buffer.from(next, 'utf8');
      const sealed = sealEnvelope(plain, sealing.key, sealing.header);
      plain.fill(0);
      return { commit: () => writeFileAtomic(file, sealed).then(() => result) };
    });
  }

  quarantine(): Promise<string | undefined> {
    return this.serial.run(async () => {
      if (!(await exists(await this.resolveFile()))) return undefined;
      await ensurePrivateDir(this.o.paths.stateDir);
      const withLock = <U>(fn: (lock: FencedLock) => Promise<U>) =>
        withFileLock(this.lockFile, fn, { clock: this.o.clock, ...this.o.lock });
      return this.rmw<string | undefined>(async ({ text, file }) => {
        // Re-check under the lock: another process may have replaced it with a good file.
        if (text === undefined) return { value: undefined };
        try {
          await this.open(text);
          return { value: undefined };
        } catch (e) {
          if (!(e instanceof CorruptStateError || e instanceof WrongPassphraseError)) throw e;
        }
        let target = `${file}.unreadable-${stamp(this.o.clock.now())}`;
        for (let n = 2; await exists(target); n++) target = `${target.replace(/~\d+$/, '')}~${n}`;
        return { commit: () => rename(file, target).then(() => target) };
      }, withLock);
    });
  }

  async probe(): Promise<void> {
    await this.serial.run(async () => {
      await this.o.provider.prepare();
      await this.load();
    });
  }

  private currentKey(): Promise<KeyMaterial | undefined> {
    return this.serial.run(async () => {
      const loaded = await this.load();
      const salt = loaded?.header.salt;
      return loaded && salt !== undefined
        ? { stateFile: this.file, salt, key: loaded.key }
        : undefined;
    });
  }

  private acceptKey(provider: PassphraseKeyProvider, m: KeyMaterial): Promise<void> {
    return this.serial.run(async () => {
      if (m.stateFile !== (await this.resolveFile())) {
        throw new SecretStoreError(
          `the key is for ${m.stateFile}, but this awsid daemon reads ${this.file}`,
          { hint: 'awsid daemon stop   (the next awsid command starts one with your environment)' },
        );
      }
      const text = await this.readText();
      const env = text === undefined ? undefined : this.parse(text);
      if (env?.store !== 'passphrase' || env.salt !== m.salt) {
        throw new SecretStoreError(`${this.file} changed while the key was handed over`, {
          hint: 'awsid unlock',
        });
      }
      try {
        openEnvelope(env, m.key).fill(0);
      } catch (e) {
        if (e instanceof UnsealError) throw provider.unsealError(this.file);
        throw e;
      }
      provider.holdKey(m.salt, m.key);
    });
  }
}
