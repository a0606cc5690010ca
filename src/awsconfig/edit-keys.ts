import { ConfigError } from '../core/errors.js';
import type { ConfigDocument, DocKey, DocSection } from './document.js';
import { validateKey, validateValue } from './edit-validate.js';
import { SUB_INDENT } from './edit-section.js';
import { inlineCommentStart, splitKeyLine } from './line.js';
import type { LineEdits } from './line-edits.js';
import { groupSections } from './section-match.js';

/*
 * Key edits recorded into a LineEdits batch, on sections the caller found (findSections, or its
 * own index). They act on every section given, grouped by configparser section (identical
 * bracket text): botocore keeps the last group whole, the JS SDK merges them, so an edit that
 * changes every group is read the same by both. Keys match case-insensitively, as botocore
 * compares them, and are rewritten in the caller's (lower-case) spelling so the JS SDK sees them.
 * Each returns whether it changed a line.
 */

/** Rewrites a key line with a new value, keeping indentation, spacing and an inline comment. */
export function rewriteKeyLine(raw: string, key: string, value: string, nested: boolean): string {
  const p = splitKeyLine(raw, nested);
  if (!p) return `${key} = ${value}`;
  const cut = inlineCommentStart(p.value);
  const comment = cut >= 0 ? p.value.slice(cut) : '';
  // A `key: value` line becomes `key = value`: the JS SDK reads only `=` as the delimiter.
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

/** The ending new lines in this section get: its header's, else the file's usual one. */
function sectionEol(doc: ConfigDocument, section: DocSection): '\n' | '\r\n' {
  return doc.lines[section.header.line - 1]?.eol || doc.eol;
}

function where(s: DocSection, line: number): string {
  return `[${s.header.text}] line ${line}`;
}

/** Sets `key` in place (dropping continuation lines), or adds it after the group's last key. */
export function setKeyIn(
  edits: LineEdits,
  sections: readonly DocSection[],
  key: string,
  value: string,
): boolean {
  validateKey(key);
  validateValue(key, value);
  let changed = false;
  for (const group of groupSections(sections)) {
    const found = keysNamed(group, key);
    for (const k of found) {
      if (k.subKeys.length > 0) {
        const s = group.find((x) => x.keys.includes(k)) as DocSection;
        throw new ConfigError(`${where(s, k.line)}: "${k.name}" is a nested block, not a value`);
      }
      const line = rewriteKeyLine(k.raw, key, value, false);
      if (line !== k.raw) edits.replace(k.line, line);
      for (const c of k.continuation) edits.delete(c, c);
      changed ||= line !== k.raw || k.continuation.length > 0;
    }
    if (found.length > 0) continue;
    const last = group.at(-1) as DocSection;
    const { after, indent } = appendPoint(last);
    edits.insertAfter(after, [`${indent}${key} = ${value}`], sectionEol(edits.doc, last));
    changed = true;
  }
  return changed;
}

/** Sets sub-keys of the nested block `parent` (`s3 =`), creating the block when it is missing. */
export function setNestedKeysIn(
  edits: LineEdits,
  sections: readonly DocSection[],
  parent: string,
  values: Readonly<Record<string, string>>,
): boolean {
  validateKey(parent);
  const wanted = Object.entries(values);
  for (const [k, v] of wanted) {
    validateKey(k, true);
    validateValue(k, v);
  }
  let changed = false;
  for (const group of groupSections(sections)) {
    const blocks = keysNamed(group, parent);
    const last = group.at(-1) as DocSection;
    const eol = sectionEol(edits.doc, last);
    if (blocks.length === 0) {
      const { after, indent } = appendPoint(last);
      const lines = wanted.map(([k, v]) => `${indent}${SUB_INDENT}${k} = ${v}`);
      edits.insertAfter(after, [`${indent}${parent} =`, ...lines], eol);
      changed = true;
      continue;
    }
    const missing: string[] = [];
    for (const [key, value] of wanted) {
      let updated = false;
      for (const b of blocks) {
        if (b.value !== '') {
          const s = group.find((x) => x.keys.includes(b)) as DocSection;
          throw new ConfigError(`${where(s, b.line)}: "${b.name}" has a value, not a nested block`);
        }
        for (const s of b.subKeys.filter((s) => s.name === key)) {
          const line = rewriteKeyLine(s.raw, key, value, true);
          if (line !== s.raw) edits.replace(s.line, line);
          changed ||= line !== s.raw;
          updated = true;
        }
      }
      if (!updated) missing.push(`${key} = ${value}`);
    }
    if (missing.length === 0) continue;
    const block = blocks.at(-1) as DocKey;
    const first = block.subKeys[0];
    const indent = first ? indentText(first.raw) : `${indentText(block.raw)}${SUB_INDENT}`;
    edits.insertAfter(
      block.endLine,
      missing.map((l) => indent + l),
      eol,
    );
    changed = true;
  }
  return changed;
}

/** Removes the key (with its continuation or sub-key lines) wherever the sections have it. */
export function removeKeyIn(
  edits: LineEdits,
  sections: readonly DocSection[],
  key: string,
): boolean {
  const found = keysNamed(sections, key);
  for (const k of found) edits.delete(k.line, k.endLine);
  return found.length > 0;
}

/** Removes one sub-key; a nested block left empty goes too. */
export function removeNestedKeyIn(
  edits: LineEdits,
  sections: readonly DocSection[],
  parent: string,
  key: string,
): boolean {
  let changed = false;
  for (const b of keysNamed(sections, parent)) {
    const hits = b.subKeys.filter((s) => s.name === key);
    if (hits.length === 0) continue;
    if (hits.length === b.subKeys.length) edits.delete(b.line, b.endLine);
    else for (const s of hits) edits.delete(s.line, s.line);
    changed = true;
  }
  return changed;
}
