import { parseConfigDocument, type ConfigDocument } from './document.js';
import { validateAddress, validateKey, validateValue } from './edit-validate.js';
import { removeKeyIn, removeNestedKeyIn, setKeyIn, setNestedKeysIn } from './edit-keys.js';
import { appendSection, removeSectionLines, type EntryValue } from './edit-section.js';
import { LineEdits } from './line-edits.js';
import { findSections, type SectionAddress } from './section-match.js';

export type { EntryValue } from './edit-section.js';
export { rewriteKeyLine } from './edit-keys.js';

/*
 * The config editor's document API: a document in, a new document out; only the targeted lines
 * change. Each call is one LineEdits batch (line-edits.ts) over the functions in
 * edit-keys.ts and edit-section.ts, which callers that make many edits at once (populate) use
 * directly. Every function acts on all sections the address names (`[default]` and `[profile
 * default]`, or a section written twice), so botocore (last section wins) and the JS SDK (merge;
 * `[profile default]` wins) read the same result.
 */

/** Runs `fn` on a fresh batch; the same document back when it changed nothing. */
export function editDocument(doc: ConfigDocument, fn: (edits: LineEdits) => void): ConfigDocument {
  const edits = new LineEdits(doc);
  fn(edits);
  return edits.changed ? parseConfigDocument(edits.apply()) : doc;
}

export function setKey(
  doc: ConfigDocument,
  address: SectionAddress,
  key: string,
  value: string,
): ConfigDocument {
  validateKey(key);
  validateValue(key, value);
  const matches = findSections(doc, address);
  if (matches.length === 0) return upsertSection(doc, address, [[key, value]]);
  return editDocument(doc, (e) => setKeyIn(e, matches, key, value));
}

export function setNestedKey(
  doc: ConfigDocument,
  address: SectionAddress,
  parent: string,
  key: string,
  value: string,
): ConfigDocument {
  validateKey(parent);
  validateKey(key, true);
  validateValue(key, value);
  const matches = findSections(doc, address);
  if (matches.length === 0) return upsertSection(doc, address, [[parent, { [key]: value }]]);
  return editDocument(doc, (e) => setNestedKeysIn(e, matches, parent, { [key]: value }));
}

/** Removes the key (with its continuation or sub-key lines) wherever the address has it. */
export function removeKey(
  doc: ConfigDocument,
  address: SectionAddress,
  key: string,
): ConfigDocument {
  return editDocument(doc, (e) => removeKeyIn(e, findSections(doc, address), key));
}

/** Removes one sub-key; a nested block left empty goes too. */
export function removeNestedKey(
  doc: ConfigDocument,
  address: SectionAddress,
  parent: string,
  key: string,
): ConfigDocument {
  return editDocument(doc, (e) => removeNestedKeyIn(e, findSections(doc, address), parent, key));
}

/**
 * Sets each entry in the section, creating the section at the end of the file when it does not
 * exist. Keys not listed are left alone. A record value is a nested block (`s3 =` + sub-keys).
 */
export function upsertSection(
  doc: ConfigDocument,
  address: SectionAddress,
  entries: ReadonlyArray<readonly [string, EntryValue]>,
): ConfigDocument {
  for (const [key, value] of entries) {
    validateKey(key);
    if (typeof value === 'string') validateValue(key, value);
    else {
      for (const [k, v] of Object.entries(value)) {
        validateKey(k, true);
        validateValue(k, v);
      }
    }
  }
  const matches = findSections(doc, address);
  if (matches.length === 0) {
    // Only a header awsid creates must be one both SDKs read; existing ones are matched as-is.
    validateAddress(address);
    return editDocument(doc, (e) => appendSection(e, address, entries));
  }
  return editDocument(doc, (e) => {
    for (const [key, value] of entries) {
      if (typeof value === 'string') setKeyIn(e, matches, key, value);
      else setNestedKeysIn(e, matches, key, value);
    }
  });
}

/** Removes every section the address names (both `[default]` and `[profile default]`). */
export function removeSection(doc: ConfigDocument, address: SectionAddress): ConfigDocument {
  // Bottom-up, so each removal sees whether everything after it is gone too.
  const matches = findSections(doc, address).reverse();
  return editDocument(doc, (e) => {
    for (const s of matches) removeSectionLines(e, s);
  });
}
