import { parseConfigDocument, type ConfigDocument, type DocSection } from './document.js';
import { joinLines, type SourceLine } from './line.js';

/** Replace `deleteCount` lines starting at 1-based line `line` with `insert`. */
export interface Splice {
  line: number;
  deleteCount: number;
  insert: SourceLine[];
}

/** Applies non-overlapping splices bottom-up and indexes the result afresh. */
export function applySplices(doc: ConfigDocument, splices: readonly Splice[]): ConfigDocument {
  if (splices.length === 0) return doc;
  const lines = [...doc.lines];
  const ordered = [...splices].sort((a, b) => b.line - a.line);
  for (const s of ordered) lines.splice(s.line - 1, s.deleteCount, ...s.insert);
  return parseConfigDocument(joinLines(lines));
}

/** The ending new lines in this section get: its header's, else the file's usual one. */
export function sectionEol(doc: ConfigDocument, section: DocSection): '\n' | '\r\n' {
  return doc.lines[section.header.line - 1]?.eol || doc.eol;
}

/**
 * Inserts `texts` after line `after` (0 = at the top). A last line without a final newline gets
 * one first, so the new lines start on a line of their own.
 */
export function insertAfter(
  doc: ConfigDocument,
  after: number,
  texts: readonly string[],
  eol: '\n' | '\r\n',
): Splice {
  const added = texts.map((text) => ({ text, eol }));
  const anchor = doc.lines[after - 1];
  if (anchor && anchor.eol === '') {
    return { line: after, deleteCount: 1, insert: [{ text: anchor.text, eol }, ...added] };
  }
  return { line: after + 1, deleteCount: 0, insert: added };
}

export function replaceLine(doc: ConfigDocument, line: number, text: string): Splice {
  const old = doc.lines[line - 1] as SourceLine;
  return { line, deleteCount: 1, insert: [{ text, eol: old.eol }] };
}

export function deleteLines(from: number, to: number): Splice {
  return { line: from, deleteCount: to - from + 1, insert: [] };
}
