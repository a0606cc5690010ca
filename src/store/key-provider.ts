import { UsageError, type AwsidError } from '../core/errors.js';
import type { Env } from '../platform/env.js';
import type { EnvelopeHeader, SealedStoreKind } from './seal.js';

export type StoreKind = SealedStoreKind | 'memory';
export const STORE_KINDS: readonly StoreKind[] = ['keychain', 'passphrase', 'memory'];

export interface SealingKey {
  key: Buffer;
  header: EnvelopeHeader;
}

/** Where the 32-byte data key of the sealed file comes from (OS keychain or a passphrase). */
export interface KeyProvider {
  readonly kind: SealedStoreKind;
  /** e.g. "OS keychain (Secret Service)". */
  describe(): string;
  /**
   * Called before any file or directory is created: fails fast (SecretStoreError) when the key
   * source cannot be used, so a broken keychain leaves nothing behind.
   */
  prepare(): Promise<void>;
  /** The key that opens an existing envelope with this header. */
  keyFor(header: EnvelopeHeader, file: string): Promise<Buffer>;
  /** Key and header for a file that does not exist yet. Called with the state lock held. */
  newKey(): Promise<SealingKey>;
  /** The error for an envelope that fails authentication, in this store's words. */
  unsealError(file: string): AwsidError;
}

/** AWSID_SECRET_STORE, default keychain. Anything else is a UsageError naming the choices. */
export function chooseStoreKind(env: Env): StoreKind {
  const raw = env.AWSID_SECRET_STORE?.trim();
  if (!raw) return 'keychain';
  const kind = STORE_KINDS.find((k) => k === raw.toLowerCase());
  if (!kind) {
    throw new UsageError(
      `AWSID_SECRET_STORE=${raw} is not a secret store: use keychain, passphrase or memory`,
      { hint: 'export AWSID_SECRET_STORE=keychain' },
    );
  }
  return kind;
}
