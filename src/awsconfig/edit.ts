import { ConfigError } from '../core/errors.js';
import type { ConfigDocument, DocKey, DocSection } from './document.js';
import { validateAddress, validateKey, validateValue } from './edit-validate.js';
import { inlineCommentStart, splitKeyLine } from './line.js';
import { appendSection, type EntryValue } from './edit-section.js';
import {
  describeAddress,
  findSections,
  groupSections,
  type SectionAddress,
} from './section-match.js';
import { applySplices, deleteLines, insertAfter, replaceLine, sectionEol } from './splice.js';
import type { Splice } from './splice.js';

export type { EntryValue } from './edit-section.js';
export { removeSection } from './edit-section.js';

/*
 * Pure edits: a document in, a new document out; only the targeted lines change (style.md §5.4).
 * Every function acts on all sections the address names (`[default]` and `[profile default]`,
 * or a section written twice), so botocore (last section wins) and the JS SDK (merge; `[profile
 * default]` wins) read the same result. Keys match case-insensitively, as botocore compares them,
 * and are rewritten in the caller's (lower-case) spelling so the JS SDK sees them too.
 */

/** Rewrites a key line with a new value, keeping indentation, spacing and an inline comment. */
export function rewriteKeyLine(raw: string, key: string, value: string, nested: boolean): string {
  const p = splitKeyLine(raw, nested);
  if (!p) return `${key} = ${value}`;
  const cut = inlineCommentStart(p.value);
  const comment = cut >= 0 ? p.value.slice(cut) : '';
  // A `key: value` line becomes `key = value`: the JS SDK reads only `=` (protocol sheet §5.3).
  const [before, after] =
    p.delim === ':'
      ? [' ', ' ']
      : [p.beforeDelim, p.afterDelim || (p.value === '' && p.beforeDelim ? ' ' : '')];
  return `${p.indent}${key}${before}=${after}${value}${comment}${p.trailing}`;
}

function indentText(raw: string): string {
  return /^\s*/.exec(raw)?.[0] ?? '';
}

function keysNamed(sections: readonly DocSection[], key: string): DocKey[] {
  const id = key.toLowerCase();
  return sections.flatMap((s) => s.keys.filter((k) => k.id === id));
}

/** Where a new key goes: after the section's last key (and its sub-lines), else the header. */
function appendPoint(section: DocSection): { after: number; indent: string } {
  const last = section.keys.at(-1);
  return last
    ? { after: last.endLine, indent: indentText(last.raw) }
    : { after: section.header.line, indent: '' };
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
  const splices: Splice[] = [];
  for (const group of groupSections(matches)) {
    const found = keysNamed(group, key);
    for (const k of found) {
      if (k.subKeys.length > 0) {
        throw new ConfigError(
          `${describeAddress(address)} line ${k.line}: "${k.name}" is a nested block, not a value`,
        );
      }
      splices.push(replaceLine(doc, k.line, rewriteKeyLine(k.raw, key, value, false)));
      for (const c of k.continuation) splices.push(deleteLines(c, c));
    }
    if (found.length > 0) continue;
    const last = group.at(-1) as DocSection;
    const { after, indent } = appendPoint(last);
    splices.push(insertAfter(doc, after, [`${indent}${key} = ${value}`], sectionEol(doc, last)));
  }
  return applySplices(doc, splices);
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
  const splices: Splice[] = [];
  for (const group of groupSections(matches)) {
    const blocks = keysNamed(group, parent);
    const last = group.at(-1) as DocSection;
    const eol = sectionEol(doc, last);
    if (blocks.length === 0) {
      const { after, indent } = appendPoint(last);
      const lines = [`${indent}${parent} =`, `${indent}  ${key} = ${value}`];
      splices.push(insertAfter(doc, after, lines, eol));
      continue;
    }
    let updated = false;
    for (const b of blocks) {
      if (b.value !== '') {
        throw new ConfigError(
          `${describeAddress(address)} line ${b.line}: "${b.name}" has a value, not a nested block`,
        );
      }
      for (const s of b.subKeys.filter((s) => s.name === key)) {
        splices.push(replaceLine(doc, s.line, rewriteKeyLine(s.raw, key, value, true)));
        updated = true;
      }
    }
    if (updated) continue;
    const block = blocks.at(-1) as DocKey;
    const first = block.subKeys[0];
    const indent = first ? indentText(first.raw) : `${indentText(block.raw)}  `;
    splices.push(insertAfter(doc, block.endLine, [`${indent}${key} = ${value}`], eol));
  }
  return applySplices(doc, splices);
}

/** Removes the key (with its continuation or sub-key lines) wherever the address has it. */
export function removeKey(
  doc: ConfigDocument,
  address: SectionAddress,
  key: string,
): ConfigDocument {
  const found = keysNamed(findSections(doc, address), key);
  return applySplices(
    doc,
    found.map((k) => deleteLines(k.line, k.endLine)),
  );
}

/** Removes one sub-key; a nested block left empty goes too. */
export function removeNestedKey(
  doc: ConfigDocument,
  address: SectionAddress,
  parent: string,
  key: string,
): ConfigDocument {
  const splices: Splice[] = [];
  for (const b of keysNamed(findSections(doc, address), parent)) {
    const hits = b.subKeys.filter((s) => s.name === key);
    if (hits.length === 0) continue;
    if (hits.length === b.subKeys.length) splices.push(deleteLines(b.line, b.endLine));
    else for (const s of hits) splices.push(deleteLines(s.line, s.line));
  }
  return applySplices(doc, splices);
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
  if (findSections(doc, address).length === 0) {
    // Only a header awsid creates must be one both SDKs read; existing ones are matched as-is.
    validateAddress(address);
    return appendSection(doc, address, entries);
  }
  let out = doc;
  for (const [key, value] of entries) {
    if (typeof value === 'string') out = setKey(out, address, key, value);
    else for (const [k, v] of Object.entries(value)) out = setNestedKey(out, address, key, k, v);
  }
  return out;
}
