/**
 * The passphrase store's key derivation, alone so the bundled credential-process client can derive
 * the same key (src/daemon/client/fast-unlock.ts) without the rest of the store.
 */
import { scrypt } from 'node:crypto';

import { KEY_BYTES } from './seal.js';

// scrypt cost: N=2^15, r=8, p=1 is RFC 7914 section 2's interactive-login level (~100 ms here) and
// needs 128*N*r = 32 MiB, exactly Node's default maxmem, so maxmem is raised.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Key = scrypt(NFC(passphrase), salt): the same key on every OS for what the user typed. */
export function derivePassphraseKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}
