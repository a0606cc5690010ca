/**
 * The daemon's side of `awsid unlock` / `awsid lock`: it holds the passphrase store's data key in
 * memory only, handed over by a client that derived it, and forgets it on `lock` or exit.
 */
import { UsageError } from '../../core/errors.js';
import type { PassphraseKeys } from '../../store/passphrase-keys.js';
import type { LockResult, SecretStoreStatus, UnlockParams } from '../protocol/protocol.js';

export interface DaemonKeys {
  status(): SecretStoreStatus;
  /** Checks the key against the sealed file, then holds it (WrongPassphraseError if it does not open). */
  unlock(params: UnlockParams): Promise<void>;
  lock(): LockResult;
  /** The key held since `unlock` (base64), for the user's own commands; undefined while locked. */
  held(): UnlockParams | undefined;
}

/** `kind` is the store AWSID_SECRET_STORE chose; `keys` is present for the passphrase store. */
export function daemonKeys(kind: string, keys: PassphraseKeys | undefined): DaemonKeys {
  return {
    status: () => ({ kind, locked: keys ? !keys.holdsKey() : false }),
    unlock: async (params) => {
      if (!keys) {
        throw new UsageError(
          `the awsid daemon uses the ${kind} store: awsid unlock is only for the passphrase store`,
          { hint: 'awsid daemon stop   (the next awsid command starts one with your environment)' },
        );
      }
      const key = Buffer.from(params.key, 'base64');
      await keys.acceptKey({ stateFile: params.stateFile, salt: params.salt, key });
    },
    lock: () => ({ wasUnlocked: keys?.forgetKeys() ?? false }),
    held: () => {
      const m = keys?.heldKey();
      return m && { key: m.key.toString('base64'), salt: m.salt, stateFile: m.stateFile };
    },
  };
}
