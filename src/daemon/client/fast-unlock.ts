/**
 * The bundled client's unlock, for callers that still carry AWSID_PASSPHRASE: derive the sealed
 * file's key and hand it to a locked daemon, so such set-ups keep their fast path (and 200 cold
 * callers do not each load the full CLI). Imported only when a daemon answers "locked"; the
 * daemon checks the key against the file before it keeps it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { derivePassphraseKey } from '../../store/passphrase-kdf.js';
import { chooseStateFile, parseEnvelope, STATE_FILE, stateFileOf } from '../../store/seal.js';
import type { UnlockParams } from '../protocol/protocol.js';

/** The `unlock` params for the sealed file in `stateDir`; undefined when there is none to unlock. */
export async function passphraseUnlockParams(
  stateDir: string,
  passphrase: string,
): Promise<UnlockParams | undefined> {
  try {
    const ownExists = existsSync(join(stateDir, stateFileOf('passphrase')));
    const primary = ownExists ? undefined : readFileSync(join(stateDir, STATE_FILE), 'utf8');
    const stateFile = resolve(join(stateDir, chooseStateFile('passphrase', ownExists, primary)));
    const envelope = parseEnvelope(readFileSync(stateFile, 'utf8'));
    if (envelope.store !== 'passphrase' || envelope.salt === undefined) return undefined;
    const key = await derivePassphraseKey(passphrase, Buffer.from(envelope.salt, 'base64'));
    return { key: key.toString('base64'), salt: envelope.salt, stateFile };
  } catch {
    // Unreadable or not an envelope: the full CLI explains it.
    return undefined;
  }
}
