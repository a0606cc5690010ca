import type { DocSection } from '../awsconfig/document.js';
import { rewriteKeyLine } from '../awsconfig/edit.js';
import type { LineEdits } from './line-edits.js';
import type { DesiredProfile } from './plan.js';

/*
 * The line edits behind planPopulate (plan.ts): rewrite a generated section's keys, remove a
 * section or the group comment, add new sections. All in the original document's line numbers.
 */

export function lastKeyLine(s: DocSection): number {
  return Math.max(s.header.line, ...s.keys.map((k) => k.endLine), ...s.invalid.map((i) => i.line));
}

/** Rewrites the keys of a generated section that differ; true when something changed. */
export function updateSection(edits: LineEdits, s: DocSection, d: DesiredProfile): boolean {
  const missing: string[] = [];
  let changed = false;
  for (const [key, value] of d.entries) {
    const k = s.keys.findLast((x) => x.id === key);
    if (!k) {
      missing.push(`${key} = ${value}`);
      continue;
    }
    // Rewriting keeps spacing and an inline comment; a line that comes out the same is unchanged.
    const line = rewriteKeyLine(k.raw, key, value, false);
    if (line === k.raw && k.endLine === k.line) continue;
    edits.replace(k.line, line);
    if (k.endLine > k.line) edits.delete(k.line + 1, k.endLine);
    changed = true;
  }
  if (missing.length > 0) {
    const last = s.keys.at(-1);
    const indent = last ? (/^\s*/.exec(last.raw)?.[0] ?? '') : '';
    edits.insertAfter(
      last ? last.endLine : s.header.line,
      missing.map((l) => indent + l),
    );
    changed = true;
  }
  return changed;
}

function sectionLines(d: DesiredProfile): string[] {
  return [`[profile ${d.name}]`, ...d.entries.map(([k, v]) => `${k} = ${v}`)];
}

export function findLine(edits: LineEdits, text: string): number | undefined {
  for (let n = 1; n <= edits.lineCount; n++) if (edits.text(n).trim() === text) return n;
  return undefined;
}

/**
 * A section's lines: header to last key, plus the blank lines after it (comments after the last
 * key stay: they describe what follows). When nothing survives after it, the blank lines before
 * it go too, so the separator populate added goes with it.
 */
export function removeSection(edits: LineEdits, s: DocSection): void {
  let to = lastKeyLine(s);
  while (to < s.end && edits.isBlank(to + 1)) to++;
  let from = s.header.line;
  if (to >= edits.lastAlive()) while (from > 1 && edits.isBlank(from - 1)) from--;
  edits.delete(from, to);
}

/** The group comment goes when its session has no generated profile left. */
export function removeComment(edits: LineEdits, line: number): void {
  const after = edits.nextAlive(line);
  let onlyBlanksAfter = true;
  for (let n = line + 1; n <= edits.lineCount; n++) {
    if (!edits.isDeleted(n) && !edits.isBlank(n)) onlyBlanksAfter = false;
  }
  if (after === undefined || onlyBlanksAfter) {
    let from = line;
    while (from > 1 && edits.isBlank(from - 1) && !edits.isDeleted(from - 1)) from--;
    edits.delete(from, edits.lineCount);
    return;
  }
  edits.delete(line, line);
}

export function addSections(
  edits: LineEdits,
  toAdd: readonly DesiredProfile[],
  lastGenerated: DocSection | undefined,
  commentLine: number | undefined,
  comment: string,
): void {
  const body = toAdd.flatMap((d, i) => (i === 0 ? sectionLines(d) : ['', ...sectionLines(d)]));
  let anchor: number;
  let lines: string[];
  if (lastGenerated) {
    anchor = lastKeyLine(lastGenerated);
    lines = ['', ...body];
  } else if (commentLine !== undefined) {
    anchor = commentLine;
    lines = body;
  } else {
    anchor = edits.lastAlive();
    const blank = anchor > 0 && !edits.isBlank(anchor);
    lines = [...(blank ? [''] : []), comment, ...body];
  }
  const next = edits.nextAlive(anchor);
  if (next !== undefined && !edits.isBlank(next)) lines.push('');
  edits.insertAfter(anchor, lines);
}
