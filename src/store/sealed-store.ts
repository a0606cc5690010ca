import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { Clock } from '../core/clock.js';
import { CorruptStateError } from '../core/errors.js';
import type { Paths } from '../platform/paths.js';
import { NotAFileError, readRegularFile } from '../platform/read-regular-file.js';
import { ensurePrivateDir, writeFileAtomic } from '../platform/secure-fs.js';
import { withFileLock } from './file-lock.js';
import { WrongPassphraseError } from './key-passphrase.js';
import type { KeyProvider, SealingKey } from './key-provider.js';
import {
  EnvelopeError,
  UnsealError,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  type Envelope,
  type EnvelopeHeader,
} from './seal.js';
import { Serial } from './serial.js';
import { checkedState, emptyState, validateState, type AwsidState } from './state.js';
import type { StateStore, UpdateResult } from './state-store.js';

export const STATE_FILE = 'state.sealed';
export const LOCK_FILE = 'state.lock';

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
  readonly file: string;
  private readonly lockFile: string;
  private readonly serial = new Serial();

  constructor(private readonly o: SealedStoreOptions) {
    this.kind = o.provider.kind;
    this.file = join(o.paths.stateDir, STATE_FILE);
    this.lockFile = join(o.paths.stateDir, LOCK_FILE);
  }

  describe(): string {
    const { home } = this.o.paths;
    const shown = this.file.startsWith(`${home}/`) ? `~${this.file.slice(home.length)}` : this.file;
    return `${this.o.provider.describe()} + sealed file ${shown}`;
  }

  private async readText(): Promise<string | undefined> {
    try {
      return (await readRegularFile(this.file))?.text;
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
    if (text === undefined) return undefined;
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

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      // The key source first: an unreachable keychain must leave no file and no directory behind.
      await this.o.provider.prepare();
      await ensurePrivateDir(this.o.paths.stateDir);
      return withFileLock(this.lockFile, fn, { clock: this.o.clock, ...this.o.lock });
    });
  }

  update<T>(fn: (state: AwsidState) => Promise<UpdateResult<T>> | UpdateResult<T>): Promise<T> {
    return this.locked(async () => {
      const loaded = await this.load();
      const before = loaded?.state ?? emptyState();
      const beforeText = JSON.stringify(before);
      const { state, result } = await fn(structuredClone(before));
      const text = JSON.stringify(checkedState(state));
      if (text !== beforeText) {
        const sealing = loaded ?? (await this.o.provider.newKey());
        const plain = Buffer.from(text, 'utf8');
        await writeFileAtomic(this.file, sealEnvelope(plain, sealing.key, sealing.header));
        plain.fill(0);
      }
      return result;
    });
  }

  quarantine(): Promise<string | undefined> {
    return this.serial.run(async () => {
      if (!(await exists(this.file))) return undefined;
      await ensurePrivateDir(this.o.paths.stateDir);
      return withFileLock(
        this.lockFile,
        async () => {
          // Re-check under the lock: another process may have replaced it with a good file.
          try {
            await this.load();
            return undefined;
          } catch (e) {
            if (!(e instanceof CorruptStateError || e instanceof WrongPassphraseError)) throw e;
          }
          let target = `${this.file}.unreadable-${stamp(this.o.clock.now())}`;
          for (let n = 2; await exists(target); n++) target = `${target.replace(/~\d+$/, '')}~${n}`;
          await rename(this.file, target);
          return target;
        },
        { clock: this.o.clock, ...this.o.lock },
      );
    });
  }

  async probe(): Promise<void> {
    await this.serial.run(async () => {
      await this.o.provider.prepare();
      await this.load();
    });
  }
}
