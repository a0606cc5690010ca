import type { ConfigDocument, DocSection } from './document.js';
import { findSections, headerFor, type SectionAddress } from './section-match.js';
import { applySplices, deleteLines } from './splice.js';

/** A plain value, or the sub-keys of a nested block (`s3 =` followed by indented `k = v`). */
export type EntryValue = string | Readonly<Record<string, string>>;

/** Two spaces for sub-keys: the safe subset of protocol sheet §5.3. */
const SUB_INDENT = '  ';

export function entryLines(entries: ReadonlyArray<readonly [string, EntryValue]>): string[] {
  return entries.flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${key} = ${value}`]
      : [`${key} =`, ...Object.entries(value).map(([k, v]) => `${SUB_INDENT}${k} = ${v}`)],
  );
}

/**
 * A new section at the end of the file, after one blank line (none in an empty file, and no
 * second one when the file already ends with a blank line). A last line without a final newline
 * gets one first; new lines use the file's usual ending, so a CRLF file stays CRLF.
 */
export function appendSection(
  doc: ConfigDocument,
  address: SectionAddress,
  entries: ReadonlyArray<readonly [string, EntryValue]>,
): ConfigDocument {
  const eol = doc.eol;
  const texts = [headerFor(address), ...entryLines(entries)];
  const last = doc.lines.at(-1);
  const n = doc.lines.length;
  const insert = texts.map((text) => ({ text, eol }));
  if (!last) return applySplices(doc, [{ line: 1, deleteCount: 0, insert }]);
  const fixedLast = { text: last.text, eol: last.eol || eol };
  const blank = last.text.trim() === '' ? [] : [{ text: '', eol }];
  return applySplices(doc, [{ line: n, deleteCount: 1, insert: [fixedLast, ...blank, ...insert] }]);
}

/**
 * The lines a section owns: its header through its last key line (or invalid line), plus the
 * blank lines right after. Comments after the last key stay: they usually describe the next
 * section. When nothing follows, the blank lines before the header go as well, so removing a
 * section that `appendSection` added gives the original text back.
 */
function ownedRange(doc: ConfigDocument, s: DocSection): { from: number; to: number } {
  let to = Math.max(
    s.header.line,
    ...s.keys.map((k) => k.endLine),
    ...s.invalid.map((i) => i.line),
  );
  const blank = (n: number): boolean => doc.lines[n - 1]?.text.trim() === '';
  while (to < s.end && blank(to + 1)) to++;
  let from = s.header.line;
  if (to === doc.lines.length) while (from > 1 && blank(from - 1)) from--;
  return { from, to };
}

/** Removes every section the address names (both `[default]` and `[profile default]`). */
export function removeSection(doc: ConfigDocument, address: SectionAddress): ConfigDocument {
  let out = doc;
  for (;;) {
    const last = findSections(out, address).at(-1);
    if (!last) return out;
    const { from, to } = ownedRange(out, last);
    out = applySplices(out, [deleteLines(from, to)]);
  }
}
