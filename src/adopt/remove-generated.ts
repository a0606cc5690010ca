/**
 * What `awsid uninstall` does to the config, as a pure function of its text: every adoption undone
 * (src/adopt/undo.ts), then, unless the profiles are kept, every profile populate generated (any
 * sso-session), their `# awsid populate:` group comments and the options populate remembered in
 * `[sso-session]` sections. Only those lines go, bottom-up so each removal sees what is left below
 * it: a file awsid only added to comes back byte for byte.
 */
import { parseConfigDocument, type ConfigDocument } from '../awsconfig/document.js';
import { removeLines, removeSectionLines } from '../awsconfig/edit-section.js';
import { LineEdits } from '../awsconfig/line-edits.js';
import { markerOf } from '../populate/marker.js';
import { PROCESS_FLAGS_KEY } from '../populate/process-flags.js';
import { TEMPLATE_KEY } from '../populate/remembered-template.js';
import { planUndo, type UndoPlan } from './undo.js';

export interface RemovalPlan {
  text: string;
  undo: UndoPlan;
  /** Generated profiles removed, in file order. */
  removed: string[];
  /** Generated profiles kept (--keep-profiles). */
  kept: string[];
}

const GROUP_COMMENT = /^# awsid populate: sso-session \S/;
const REMEMBERED = new Set([TEMPLATE_KEY, PROCESS_FLAGS_KEY]);

function removeGenerated(doc: ConfigDocument, text: string): string {
  const edits = new LineEdits(doc);
  const lines: [number, number, 'section' | 'line'][] = [];
  for (const s of doc.sections) {
    if (markerOf(s) !== undefined && (s.header.kind === 'profile' || s.header.kind === 'default'))
      lines.push([s.header.line, s.end, 'section']);
    if (s.header.kind === 'sso-session')
      for (const k of s.keys) if (REMEMBERED.has(k.id)) lines.push([k.line, k.endLine, 'line']);
  }
  doc.lines.forEach((l, i) => {
    if (GROUP_COMMENT.test(l.text.trim())) lines.push([i + 1, i + 1, 'line']);
  });
  lines.sort((a, b) => b[0] - a[0]);
  for (const [from, to, kind] of lines) {
    if (kind === 'section') {
      const s = doc.sections.find((x) => x.header.line === from);
      if (s) removeSectionLines(edits, s);
    } else removeLines(edits, from, to);
  }
  return edits.changed ? edits.apply() : text;
}

export function planRemoval(text: string, keepProfiles: boolean, shown: string): RemovalPlan {
  const undo = planUndo(text, { kind: 'all' }, shown);
  const doc = parseConfigDocument(undo.text);
  const generated = doc.sections.filter((s) => markerOf(s) !== undefined).map((s) => s.header.name);
  if (keepProfiles) return { text: undo.text, undo, removed: [], kept: generated };
  return { text: removeGenerated(doc, undo.text), undo, removed: generated, kept: [] };
}
