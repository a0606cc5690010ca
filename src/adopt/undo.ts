/*
 * `awsid adopt --undo`: in each adopted profile every line behind ADOPT_PREFIX gets its old text
 * back and the awsid `credential_process` line goes; then an [sso-session] adopt added is removed
 * once no profile uses it any more. Only those lines change: the file comes back byte for byte
 * when nothing else was edited, and edits made in between (anywhere, adopted profiles included)
 * are kept.
 */
import { parseAwsidProcess } from '../awsconfig/awsid-process.js';
import {
  parseConfigDocument,
  type ConfigDocument,
  type DocSection,
} from '../awsconfig/document.js';
import { removeSectionLines } from '../awsconfig/edit-section.js';
import { splitKeyLine } from '../awsconfig/line.js';
import { LineEdits } from '../awsconfig/line-edits.js';
import { resolveConfig } from '../awsconfig/resolve.js';
import { ADDED_SESSION_MARK, adoptedLine } from './marker.js';
import { selectItems, type Selection } from './select.js';

export interface AdoptedProfile {
  profile: string;
  /** From its awsid credential_process, else its commented-out sso_session; '' when neither. */
  ssoSession: string;
  sections: DocSection[];
}

export interface UndoPlan {
  text: string;
  restored: AdoptedProfile[];
  removedSessions: string[];
}

const isProfile = (s: DocSection) => s.header.kind === 'profile' || s.header.kind === 'default';

function adoptedLines(doc: ConfigDocument, s: DocSection): number[] {
  return s.comments.filter((n) => adoptedLine(doc.lines[n - 1]?.text ?? '') !== undefined);
}

function sessionOf(doc: ConfigDocument, sections: readonly DocSection[]): string {
  for (const k of sections.flatMap((s) => s.keys)) {
    const cp = k.id === 'credential_process' ? parseAwsidProcess(k.value) : undefined;
    if (cp?.isAwsid && cp.ssoSession) return cp.ssoSession;
  }
  for (const n of sections.flatMap((s) => adoptedLines(doc, s))) {
    const parts = splitKeyLine(adoptedLine(doc.lines[n - 1]?.text ?? '') ?? '');
    if (parts?.key.trim().toLowerCase() === 'sso_session') return parts.value;
  }
  return '';
}

/** Profiles with commented-out lines of an adopt, in file order. */
export function findAdopted(doc: ConfigDocument): AdoptedProfile[] {
  const byName = new Map<string, DocSection[]>();
  for (const s of doc.sections) {
    if (!isProfile(s) || adoptedLines(doc, s).length === 0) continue;
    byName.set(s.header.name, [...(byName.get(s.header.name) ?? []), s]);
  }
  return [...byName].map(([profile, sections]) => ({
    profile,
    ssoSession: sessionOf(doc, sections),
    sections,
  }));
}

function restoreProfiles(doc: ConfigDocument, chosen: readonly AdoptedProfile[]): string {
  const edits = new LineEdits(doc);
  for (const s of chosen.flatMap((p) => p.sections)) {
    for (const n of adoptedLines(doc, s)) edits.replace(n, adoptedLine(edits.text(n)) ?? '');
    for (const k of s.keys) {
      if (k.id === 'credential_process' && parseAwsidProcess(k.value).isAwsid) {
        edits.delete(k.line, k.endLine);
      }
    }
  }
  return edits.apply();
}

/** Sections adopt added for `names` that no profile uses any more. */
function dropUnusedSessions(text: string, names: ReadonlySet<string>): [string, string[]] {
  const doc = parseConfigDocument(text);
  const used = new Set<string>();
  for (const p of resolveConfig(text, '').profiles.values()) {
    if (p.values.sso_session) used.add(p.values.sso_session);
    const cp = parseAwsidProcess(p.values.credential_process);
    if (cp.isAwsid && cp.ssoSession) used.add(cp.ssoSession);
  }
  const drop = doc.sections.filter(
    (s) =>
      s.header.kind === 'sso-session' &&
      names.has(s.header.name) &&
      !used.has(s.header.name) &&
      s.comments.some((n) => doc.lines[n - 1]?.text.trim() === ADDED_SESSION_MARK),
  );
  if (drop.length === 0) return [text, []];
  const edits = new LineEdits(doc);
  for (const s of [...drop].reverse()) removeSectionLines(edits, s);
  return [edits.apply(), drop.map((s) => s.header.name)];
}

/** What `awsid adopt --undo` makes of `text`; the same text when nothing was adopted. */
export function planUndo(text: string, selection: Selection, shown: string): UndoPlan {
  const doc = parseConfigDocument(text);
  const adopted = findAdopted(doc);
  const profiles = doc.sections.filter(isProfile).map((s) => s.header.name);
  const sessions = [
    ...doc.sections.filter((s) => s.header.kind === 'sso-session').map((s) => s.header.name),
    ...adopted.map((a) => a.ssoSession),
  ];
  const known = { profiles, sessions };
  // Plain `--undo` is every adopted profile: switching back is one command.
  const sel: Selection = selection.kind === 'auto' ? { kind: 'all' } : selection;
  const restored = selectItems(adopted, sel, known, shown, ['adopt', '--undo']);
  if (restored.length === 0) return { text, restored, removedSessions: [] };
  const [out, removedSessions] = dropUnusedSessions(
    restoreProfiles(doc, restored),
    new Set(restored.map((p) => p.ssoSession)),
  );
  return { text: out, restored, removedSessions };
}
