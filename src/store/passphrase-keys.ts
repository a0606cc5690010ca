/** The passphrase store's data key as a value: `awsid unlock` derives it, the daemon holds it. */

/** A data key and the sealed file it opens; the key never goes to disk or into a log. */
export interface KeyMaterial {
  /** The sealed file (absolute path). */
  stateFile: string;
  /** The scrypt salt in that file's header (base64). */
  salt: string;
  /** scrypt(passphrase, salt): 32 bytes. */
  key: Buffer;
}

/** What the passphrase store offers beyond StateStore (src/store/state-store.ts). */
export interface PassphraseKeys {
  /**
   * The key that opens the sealed file now, proven by opening it (asks for the passphrase when
   * needed; a wrong one is WrongPassphraseError). Undefined when nothing is sealed yet.
   */
  currentKey(): Promise<KeyMaterial | undefined>;
  /** Checks that `material` opens this store's file, then keeps the key in memory (the daemon). */
  acceptKey(material: KeyMaterial): Promise<void>;
  /** Forgets every key held; true when there was one. */
  forgetKeys(): boolean;
  /** True while a key handed over by acceptKey is held. */
  holdsKey(): boolean;
  /** The key handed over by acceptKey, while held (the daemon's `heldKey`). */
  heldKey(): KeyMaterial | undefined;
}
