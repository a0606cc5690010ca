/**
 * The sealed-file format: a small JSON envelope around AES-256-GCM ciphertext.
 *   {"v":1,"store":"keychain"|"passphrase","salt"?:b64,"iv":b64,"tag":b64,"data":b64}
 * Nothing secret is in clear. The header (v, store, salt) is the GCM additional data, so changing
 * it (say, swapping the salt or the store) fails authentication like changing the ciphertext does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type SealedStoreKind = 'keychain' | 'passphrase';

export interface EnvelopeHeader {
  v: 1;
  store: SealedStoreKind;
  /** scrypt salt (passphrase store only). */
  salt?: string;
}

export interface Envelope extends EnvelopeHeader {
  iv: string;
  tag: string;
  data: string;
}

/** The text is not an envelope this awsid can read; `newerVersion` when it names another `v`. */
export class EnvelopeError extends Error {
  constructor(
    message: string,
    readonly newerVersion = false,
  ) {
    super(message);
  }
}

/** GCM authentication failed: wrong key, or the file was altered. */
export class UnsealError extends Error {}

/**
 * The sealed file's name in the state directory. It belongs to the store that sealed it; the
 * other sealed store keeps its own `stateFileOf(kind)` beside it, so a shell that switches stores
 * (an SSH session without the desktop's keychain) loses nothing of the other's logins.
 */
export const STATE_FILE = 'state.sealed';

/** A store's own sealed file, used once `state.sealed` holds the other store's state. */
export const stateFileOf = (kind: SealedStoreKind): string => `state-${kind}.sealed`;

/**
 * Which file store `kind` reads: its own file when that exists, else `state.sealed` unless that
 * is a sealed document of another store (anything else there, even garbage, stays this store's
 * to report and move aside, as before there were two files).
 */
export function chooseStateFile(
  kind: SealedStoreKind,
  ownExists: boolean,
  primaryText: string | undefined,
): string {
  if (ownExists) return stateFileOf(kind);
  if (primaryText === undefined) return STATE_FILE;
  try {
    return parseEnvelope(primaryText).store === kind ? STATE_FILE : stateFileOf(kind);
  } catch {
    return STATE_FILE;
  }
}
export const KEY_BYTES = 32;
const IV_BYTES = 12; // NIST SP 800-38D section 8.2: 96-bit IVs; a fresh random IV per seal.
const TAG_BYTES = 16;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function b64(v: unknown, what: string, bytes?: number): Buffer {
  if (typeof v !== 'string' || !B64.test(v)) throw new EnvelopeError(`${what} is not base64`);
  const buf = Buffer.from(v, 'base64');
  if (bytes !== undefined && buf.length !== bytes) {
    throw new EnvelopeError(`${what} has ${buf.length} bytes, expected ${bytes}`);
  }
  return buf;
}

/** The exact bytes authenticated as additional data; key order fixed so both sides agree. */
function aad(h: EnvelopeHeader): Buffer {
  const header =
    h.salt === undefined ? { v: h.v, store: h.store } : { v: h.v, store: h.store, salt: h.salt };
  return Buffer.from(JSON.stringify(header), 'utf8');
}

export function parseEnvelope(text: string): Envelope {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new EnvelopeError('it is not JSON');
  }
  if (typeof raw !== 'object' || raw === null) throw new EnvelopeError('it is not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.v !== 1)
    throw new EnvelopeError(
      `it has format version ${JSON.stringify(o.v)}`,
      typeof o.v === 'number',
    );
  if (o.store !== 'keychain' && o.store !== 'passphrase')
    throw new EnvelopeError('it names no known store');
  if (o.salt !== undefined) b64(o.salt, 'salt');
  b64(o.iv, 'iv', IV_BYTES);
  b64(o.tag, 'tag', TAG_BYTES);
  b64(o.data, 'data');
  const env: Envelope = {
    v: 1,
    store: o.store,
    iv: o.iv as string,
    tag: o.tag as string,
    data: o.data as string,
  };
  if (o.salt !== undefined) env.salt = o.salt as string;
  return env;
}

export function sealEnvelope(plain: Uint8Array, key: Uint8Array, header: EnvelopeHeader): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(header));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const env: Envelope = {
    ...header,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(env)}\n`;
}

export function openEnvelope(env: Envelope, key: Uint8Array): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, b64(env.iv, 'iv', IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad(env));
  decipher.setAuthTag(b64(env.tag, 'tag', TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(b64(env.data, 'data')), decipher.final()]);
  } catch {
    throw new UnsealError('authentication failed');
  }
}
