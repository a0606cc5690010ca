import { randomBytes } from 'node:crypto';

import { type AwsidError, CorruptStateError, SecretStoreError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import type { Env } from '../platform/env.js';
import type { KeyProvider, SealingKey } from './key-provider.js';
import type { KeyMaterial } from './passphrase-keys.js';
import { derivePassphraseKey } from './passphrase-kdf.js';
import type { EnvelopeHeader } from './seal.js';

const SALT_BYTES = 16;

/** The passphrase does not open the file (GCM cannot tell a wrong passphrase from an altered file). */
export class WrongPassphraseError extends SecretStoreError {}

export interface PassphraseKeyOptions {
  env: Env;
  promptPassphrase?: (() => Promise<string>) | undefined;
  /**
   * The daemon: never use a passphrase (not even AWSID_PASSPHRASE); keys arrive only through
   * holdKey (`awsid unlock`), and a file no held key opens fails with this error.
   */
  keysOnly?: (() => AwsidError) | undefined;
  /**
   * The key an unlocked daemon of this world holds (src/cli/daemon-unlock.ts), asked before any
   * prompt: the passphrase is typed once per daemon, not once per command. Not used with
   * AWSID_PASSPHRASE set (the caller said which passphrase) nor in the daemon itself.
   */
  daemonKey?: (() => Promise<KeyMaterial | undefined>) | undefined;
}

/** Key = scrypt(passphrase, salt kept in the envelope). Passphrase: AWSID_PASSPHRASE, else a prompt. */
export class PassphraseKeyProvider implements KeyProvider {
  readonly kind = 'passphrase' as const;
  private passphrase: Promise<string> | undefined;
  private readonly keys = new Map<string, Promise<Buffer>>();
  /** The key handed over by `awsid unlock` (daemon only). */
  private held: { salt: string; key: Buffer } | undefined;
  /** What the daemon of this world holds, asked at most once (daemonKey). */
  private fromDaemon: Promise<KeyMaterial | undefined> | undefined;

  constructor(private readonly opts: PassphraseKeyOptions) {}

  describe(): string {
    if (this.opts.keysOnly) return `passphrase (${this.held ? 'unlocked' : 'locked'})`;
    return this.opts.env.AWSID_PASSPHRASE
      ? 'passphrase (AWSID_PASSPHRASE)'
      : 'passphrase (asked for)';
  }

  private getPassphrase(): Promise<string> {
    this.passphrase ??= (async () => {
      if (this.opts.keysOnly) throw this.opts.keysOnly();
      const fromEnv = this.opts.env.AWSID_PASSPHRASE;
      if (fromEnv) return fromEnv;
      if (!this.opts.promptPassphrase) {
        throw new SecretStoreError(
          'AWSID_SECRET_STORE=passphrase needs a passphrase: AWSID_PASSPHRASE is not set and there is no terminal to ask',
          { hint: 'export AWSID_PASSPHRASE=<passphrase> (or run awsid in a terminal)' },
        );
      }
      const typed = await this.opts.promptPassphrase();
      if (!typed)
        throw new SecretStoreError('the passphrase is empty', {
          hint: 'type a passphrase, or set AWSID_PASSPHRASE',
        });
      return typed;
    })();
    // A failed prompt may be retried by a later call.
    this.passphrase.catch(() => (this.passphrase = undefined));
    return this.passphrase;
  }

  /** The daemon's key, when one of this world is unlocked; undefined otherwise (never throws). */
  private daemonKey(): Promise<KeyMaterial | undefined> {
    const ask = this.opts.daemonKey;
    if (!ask || this.opts.keysOnly || this.opts.env.AWSID_PASSPHRASE) {
      return Promise.resolve(undefined);
    }
    this.fromDaemon ??= ask().catch(() => undefined);
    return this.fromDaemon;
  }

  private keyForSalt(salt: string, file?: string): Promise<Buffer> {
    let key = this.keys.get(salt);
    if (!key) {
      key = (async () => {
        const held = await this.daemonKey();
        if (held?.salt === salt && (file === undefined || held.stateFile === file)) return held.key;
        return derivePassphraseKey(await this.getPassphrase(), Buffer.from(salt, 'base64'));
      })();
      this.keys.set(salt, key);
      key.catch(() => this.keys.delete(salt));
    }
    return key;
  }

  async prepare(): Promise<void> {
    if (!this.held && !(await this.daemonKey())) await this.getPassphrase();
  }

  /**
   * Keeps `key` (already checked against the file with `salt`) for this process, in place of any
   * key held before: the daemon after `awsid unlock`.
   */
  holdKey(salt: string, key: Buffer): void {
    this.forgetKeys();
    this.held = { salt, key: Buffer.from(key) };
    this.keys.set(salt, Promise.resolve(this.held.key));
  }

  /**
   * Drops every key and passphrase (`awsid lock`); true when one was held. The buffers are not
   * zeroed: a write in progress may still be sealing with one, and the key also passed through
   * strings that cannot be wiped.
   */
  forgetKeys(): boolean {
    const had = this.held !== undefined || this.keys.size > 0;
    this.held = undefined;
    this.keys.clear();
    this.passphrase = undefined;
    this.fromDaemon = undefined;
    return had;
  }

  holdsKey(): boolean {
    return this.held !== undefined;
  }

  /** The key held since holdKey, for the sealed file `stateFile` (the daemon's `heldKey`). */
  heldKey(stateFile: string): KeyMaterial | undefined {
    return this.held && { stateFile, salt: this.held.salt, key: Buffer.from(this.held.key) };
  }

  keyFor(header: EnvelopeHeader, file: string): Promise<Buffer> {
    if (!header.salt) {
      return Promise.reject(
        new CorruptStateError(`${file} says it is passphrase-sealed but carries no salt`, {
          hint: 'awsid login',
        }),
      );
    }
    return this.keyForSalt(header.salt, file);
  }

  async newKey(): Promise<SealingKey> {
    // No file to reuse a salt from (say, after logout): the daemon seals the new one with the key it
    // holds, which is scrypt(passphrase, held salt), so the passphrase still opens it.
    // A caller whose daemon is unlocked does the same with the daemon's key: no prompt.
    const held = this.held ?? (await this.daemonKey());
    if (held) return { key: held.key, header: { v: 1, store: 'passphrase', salt: held.salt } };
    const salt = randomBytes(SALT_BYTES).toString('base64');
    return { key: await this.keyForSalt(salt), header: { v: 1, store: 'passphrase', salt } };
  }

  unsealError(file: string): WrongPassphraseError {
    return new WrongPassphraseError(
      `the passphrase does not open ${file} (a wrong passphrase, or the file was altered)`,
      {
        // GCM cannot tell a typo from damage, so login must not move the file aside by itself;
        // the user decides (nothing is deleted either way).
        hint: `set AWSID_PASSPHRASE to the passphrase that sealed it and retry; if it is lost or the file is damaged: ${shellCommand(['mv', file, `${file}.old`])} && awsid login`,
      },
    );
  }
}
