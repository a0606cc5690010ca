import type { DocSection } from './document.js';
import type { LineEdits } from './line-edits.js';
import { headerFor, type SectionAddress } from './section-match.js';

/** A plain value, or the sub-keys of a nested block (`s3 =` followed by indented `k = v`). */
export type EntryValue = string | Readonly<Record<string, string>>;

/** Two spaces for sub-keys: the safe subset in docs/protocol.md, "Line syntax". */
export const SUB_INDENT = '  ';

export function entryLines(entries: ReadonlyArray<readonly [string, EntryValue]>): string[] {
  return entries.flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${key} = ${value}`]
      : [`${key} =`, ...Object.entries(value).map(([k, v]) => `${SUB_INDENT}${k} = ${v}`)],
  );
}

/** The last line of a section's content: its header, last key (with sub-lines) or invalid line. */
export function lastContentLine(s: DocSection): number {
  return Math.max(s.header.line, ...s.keys.map((k) => k.endLine), ...s.invalid.map((i) => i.line));
}

/**
 * Adds lines at the end of the file, in the file's usual line ending (a CRLF file stays CRLF).
 * Exactly one blank line separates them from the text above when there is any (also when the
 * file already ends with blank lines): `removeLines` takes exactly that one back, so a user's own
 * trailing blank lines survive an add and a later removal.
 */
export function appendLines(edits: LineEdits, texts: readonly string[]): void {
  const anchor = edits.lastAlive();
  const textAbove = edits.lastSolid() > 0 || edits.insertedAfter(anchor) > 0;
  edits.insertAfter(anchor, textAbove ? ['', ...texts] : texts);
}

/** A new section at the end of the file (see `appendLines`). */
export function appendSection(
  edits: LineEdits,
  address: SectionAddress,
  entries: ReadonlyArray<readonly [string, EntryValue]>,
): void {
  appendLines(edits, [headerFor(address), ...entryLines(entries)]);
}

/**
 * Removes lines `from`..`to`. When nothing but blank lines survives after them, it is the end of
 * the file: those blank lines go too, and so does the one blank line right above `from` that
 * separates it from the text before (the one `appendLines` adds).
 */
export function removeLines(edits: LineEdits, from: number, to: number): void {
  let first = from;
  let last = to;
  if (to >= edits.lastSolid()) {
    last = Math.max(to, edits.lastAlive());
    const above = edits.prevAlive(from);
    if (above !== undefined && edits.isBlank(above) && edits.solidAtOrBefore(above) > 0) {
      first = above;
    }
  }
  edits.delete(first, last);
}

/**
 * Removes a section: its header through its last key (or invalid line), and the blank lines right
 * after it. Comments after the last key stay (they usually describe the next section), and so do
 * comments above the header; at the end of the file, see `removeLines`.
 */
export function removeSectionLines(edits: LineEdits, s: DocSection): void {
  let to = lastContentLine(s);
  while (to < s.end && edits.isBlank(to + 1)) to++;
  removeLines(edits, s.header.line, to);
}
