import { randomBytes } from 'node:crypto';

import type { Clock } from '../core/clock.js';
import { CorruptStateError, SecretStoreError } from '../core/errors.js';
import { shellCommand } from '../core/shell-quote.js';
import type { Keychain } from '../platform/keychain.js';
import type { KeyProvider, SealingKey } from './key-provider.js';
import { KEY_BYTES, type EnvelopeHeader } from './seal.js';

export const KEYCHAIN_SERVICE = 'awsid';
/** Switching to the passphrase store: choose it, seal the tokens with it, unlock the daemon. */
export const PASSPHRASE_STORE_HINT =
  'export AWSID_SECRET_STORE=passphrase && awsid login && awsid unlock';
/** gh bounds every keyring call by 3 s (cli/cli internal/keyring); keychains can hang. */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 3000;

class KeychainTimeout extends Error {}

/** Races `op` against a timer; on timeout the signal aborts the call (the worker is dropped). */
async function bounded<T>(
  clock: Clock,
  ms: number,
  op: (s: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  const timer = clock.sleep(ms, ac.signal).then(() => {
    throw new KeychainTimeout(`no answer within ${ms / 1000} s`);
  });
  try {
    return await Promise.race([op(ac.signal), timer]);
  } finally {
    ac.abort(new KeychainTimeout('cancelled'));
    timer.catch(() => undefined);
  }
}

export interface KeychainKeyOptions {
  keychain: Keychain;
  /** `data-key:<absolute stateDir>`, so two HOMEs on one keychain do not share a key. */
  account: string;
  clock: Clock;
  timeoutMs?: number | undefined;
  /**
   * Set in an SSH session: the keychain usually lives in the desktop session, so the hint says how
   * to reach it (its D-Bus session bus, when this user has one) or how to use the passphrase store
   * in this shell alone. Computed only when the keychain fails.
   */
  overSsh?: (() => { desktopBus: string | undefined }) | undefined;
}

/**
 * A random data key kept in the OS keychain. The keychain is read at most once per instance (each
 * read may prompt or take seconds: 10-29 s reported in
 * aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock #381). Only while the
 * key is absent is it read again (first run, or a wiped keychain), in case another process has just
 * created it.
 */
export class KeychainKeyProvider implements KeyProvider {
  readonly kind = 'keychain' as const;
  private value: string | null | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly opts: KeychainKeyOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  }

  describe(): string {
    return `OS keychain (${this.opts.keychain.name})`;
  }

  /**
   * The passphrase store is the way on without a keychain (README, "The passphrase store and the
   * daemon"): `awsid unlock` hands its key to the daemon. Never the memory store: it keeps nothing,
   * so every command would log in again.
   */
  private hint(): string {
    const ssh = this.opts.overSsh?.();
    if (!ssh) {
      return `${PASSPHRASE_STORE_HINT}   (the passphrase store; awsid unlock gives its key to the daemon), or ${this.opts.keychain.fixHint}`;
    }
    // Each store keeps its own sealed file (seal.ts), so the desktop's logins stay untouched.
    const desktop =
      ssh.desktopBus === undefined
        ? 'point DBUS_SESSION_BUS_ADDRESS at your desktop session bus to use its keychain'
        : `to use your desktop session's keychain: ${shellCommand(['export', `DBUS_SESSION_BUS_ADDRESS=unix:path=${ssh.desktopBus}`])}`;
    return `${PASSPHRASE_STORE_HINT}   (the passphrase store, for this shell only: the keychain's logins stay for the desktop), or ${desktop}`;
  }

  private async read(): Promise<string | null> {
    const { keychain, account, clock } = this.opts;
    try {
      this.value = await bounded(clock, this.timeoutMs, (s) =>
        keychain.get(KEYCHAIN_SERVICE, account, s),
      );
      return this.value;
    } catch (e) {
      throw new SecretStoreError(
        `the OS keychain (${keychain.name}) is not reachable: ${(e as Error).message}`,
        { hint: this.hint(), cause: e },
      );
    }
  }

  private decode(value: string): Buffer {
    const key = Buffer.from(value, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== value) {
      throw new CorruptStateError(
        `the keychain item ${KEYCHAIN_SERVICE}/${this.opts.account} does not hold a ${KEY_BYTES}-byte key`,
        { hint: `remove that item from the ${this.opts.keychain.name}, then run: awsid login` },
      );
    }
    return key;
  }

  async prepare(): Promise<void> {
    if (this.value === undefined) await this.read();
  }

  async keyFor(_header: EnvelopeHeader, file: string): Promise<Buffer> {
    // A remembered "absent" is read again: another process may have created the key since.
    const value = this.value ?? (await this.read());
    if (value === null) {
      throw new CorruptStateError(
        `${file} cannot be opened: its key is missing from the OS keychain (${this.opts.keychain.name}; service ${KEYCHAIN_SERVICE}, account ${this.opts.account})`,
        { hint: 'awsid login' },
      );
    }
    return this.decode(value);
  }

  async newKey(): Promise<SealingKey> {
    const header: EnvelopeHeader = { v: 1, store: 'keychain' };
    // Never overwrite a key that exists: another process may have sealed a file with it.
    const existing = this.value ?? (await this.read());
    if (existing !== null) return { key: this.decode(existing), header };
    const key = randomBytes(KEY_BYTES);
    const value = key.toString('base64');
    const { keychain, account, clock } = this.opts;
    try {
      await bounded(clock, this.timeoutMs, (s) =>
        keychain.set(KEYCHAIN_SERVICE, account, value, s),
      );
    } catch (e) {
      throw new SecretStoreError(
        `the OS keychain (${keychain.name}) did not store awsid's data key: ${(e as Error).message}`,
        { hint: this.hint(), cause: e },
      );
    }
    this.value = value;
    return { key, header };
  }

  unsealError(file: string): CorruptStateError {
    return new CorruptStateError(
      `${file} cannot be opened with the key in the OS keychain (${this.opts.keychain.name}): it was altered or sealed with another key`,
      { hint: 'awsid login' },
    );
  }
}
