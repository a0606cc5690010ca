import { randomBytes, scrypt } from 'node:crypto';

import { CorruptStateError, SecretStoreError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import type { Env } from '../platform/env.js';
import type { KeyProvider, SealingKey } from './key-provider.js';
import { KEY_BYTES, type EnvelopeHeader } from './seal.js';

// scrypt cost: N=2^15, r=8, p=1 is RFC 7914 §2's interactive-login level (~100 ms here) and needs
// 128*N*r = 32 MiB, exactly Node's default maxmem, so maxmem is raised.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SALT_BYTES = 16;

/** The passphrase does not open the file (GCM cannot tell a wrong passphrase from an altered file). */
export class WrongPassphraseError extends SecretStoreError {}

function derive(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export interface PassphraseKeyOptions {
  env: Env;
  promptPassphrase?: (() => Promise<string>) | undefined;
}

/** Key = scrypt(passphrase, salt kept in the envelope). Passphrase: AWSID_PASSPHRASE, else a prompt. */
export class PassphraseKeyProvider implements KeyProvider {
  readonly kind = 'passphrase' as const;
  private passphrase: Promise<string> | undefined;
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(private readonly opts: PassphraseKeyOptions) {}

  describe(): string {
    return this.opts.env.AWSID_PASSPHRASE
      ? 'passphrase (AWSID_PASSPHRASE)'
      : 'passphrase (asked for)';
  }

  private getPassphrase(): Promise<string> {
    this.passphrase ??= (async () => {
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

  private keyForSalt(salt: string): Promise<Buffer> {
    let key = this.keys.get(salt);
    if (!key) {
      key = this.getPassphrase().then((p) => derive(p, Buffer.from(salt, 'base64')));
      this.keys.set(salt, key);
      key.catch(() => this.keys.delete(salt));
    }
    return key;
  }

  async prepare(): Promise<void> {
    await this.getPassphrase();
  }

  keyFor(header: EnvelopeHeader, file: string): Promise<Buffer> {
    if (!header.salt) {
      return Promise.reject(
        new CorruptStateError(`${file} says it is passphrase-sealed but carries no salt`, {
          hint: 'awsid login',
        }),
      );
    }
    return this.keyForSalt(header.salt);
  }

  async newKey(): Promise<SealingKey> {
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
