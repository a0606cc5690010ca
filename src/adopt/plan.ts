/*
 * The adopt rewrite, as one batch of line edits (src/awsconfig/line-edits.ts) on the user's file:
 * in each adopted profile a `credential_process` line goes in right above its first `sso_*` key,
 * and every `sso_*` line is commented out in place (marker.ts says why there); a legacy profile's
 * new [sso-session] goes at the end of the file. Every other line keeps its bytes; new lines take
 * the line ending of the line they sit next to (the file's usual one for a new section), so a
 * CRLF file stays CRLF.
 */
import {
  parseConfigDocument,
  type ConfigDocument,
  type DocSection,
} from '../awsconfig/document.js';
import { appendLines, entryLines } from '../awsconfig/edit-section.js';
import { validateAddress, validateValue } from '../awsconfig/edit-validate.js';
import { LineEdits } from '../awsconfig/line-edits.js';
import { resolveConfig } from '../awsconfig/resolve.js';
import { findSections, headerFor, type SectionAddress } from '../awsconfig/section-match.js';
import { credentialProcessLine } from '../populate/command-line.js';
import { surveyProfiles, type Candidate, type Skipped } from './candidates.js';
import { ADDED_SESSION_MARK, ADOPT_PREFIX } from './marker.js';
import { selectItems, type Selection } from './select.js';
import type { LegacySession } from './session-name.js';

export interface AdoptPlanOptions {
  selection: Selection;
  nodePath: string;
  binPath: string;
  /** The config path as shown in messages. */
  shown: string;
}

export interface AdoptPlan {
  text: string;
  adopted: Candidate[];
  /** SSO profiles of the selection that cannot be adopted, with the reason. */
  skipped: Skipped[];
  addedSessions: LegacySession[];
}

/** The registration scope `aws configure sso` writes: without it there is no refresh token. */
const SCOPES = 'sso:account:access';

export function profileAddress(name: string): SectionAddress {
  return name === 'default' ? { kind: 'default' } : { kind: 'profile', name };
}

function adoptSection(edits: LineEdits, s: DocSection, command: string): void {
  const sso = s.keys.filter((k) => k.id.startsWith('sso_'));
  const first = sso[0];
  if (!first) return;
  const indent = /^\s*/.exec(first.raw)?.[0] ?? '';
  const eol = edits.doc.lines[first.line - 1]?.eol || edits.doc.eol;
  edits.insertAfter(first.line - 1, [`${indent}credential_process = ${command}`], eol);
  for (const k of sso) {
    for (let n = k.line; n <= k.endLine; n++) edits.replace(n, ADOPT_PREFIX + edits.text(n));
  }
}

function addSession(edits: LineEdits, s: LegacySession): void {
  const address: SectionAddress = { kind: 'sso-session', name: s.name };
  validateAddress(address);
  validateValue('sso_start_url', s.startUrl);
  validateValue('sso_region', s.region);
  const entries = [
    ['sso_start_url', s.startUrl],
    ['sso_region', s.region],
    ['sso_registration_scopes', SCOPES],
  ] as const;
  appendLines(edits, [headerFor(address), ADDED_SESSION_MARK, ...entryLines(entries)]);
}

function applyAdopt(
  doc: ConfigDocument,
  adopted: readonly Candidate[],
  added: readonly LegacySession[],
  opts: AdoptPlanOptions,
): string {
  const edits = new LineEdits(doc);
  for (const c of adopted) {
    const command = credentialProcessLine(opts.nodePath, opts.binPath, c);
    validateValue('credential_process', command);
    for (const s of findSections(doc, profileAddress(c.profile))) adoptSection(edits, s, command);
  }
  for (const s of added) addSession(edits, s);
  return edits.apply();
}

function inSelection(s: Skipped, sel: Selection): boolean {
  if (sel.kind === 'profile') return s.profile === sel.name;
  if (sel.kind === 'sso-session') return s.ssoSession === sel.name;
  return true;
}

/** What `awsid adopt` makes of `text`; the same text when there is nothing to adopt. */
export function planAdopt(text: string, opts: AdoptPlanOptions): AdoptPlan {
  const cfg = resolveConfig(text, opts.shown);
  const survey = surveyProfiles(cfg);
  const sessions = new Set([...cfg.ssoSessions.keys(), ...survey.newSessions.map((s) => s.name)]);
  const known = { profiles: [...cfg.profiles.keys()], sessions: [...sessions] };
  const adopted = selectItems(survey.candidates, opts.selection, known, opts.shown, ['adopt']);
  const skipped = survey.skipped.filter((s) => inSelection(s, opts.selection));
  const addedSessions = survey.newSessions.filter((s) =>
    adopted.some((c) => c.legacy?.added && c.legacy.name === s.name),
  );
  if (adopted.length === 0) return { text, adopted, skipped, addedSessions };
  const doc = parseConfigDocument(text);
  return { text: applyAdopt(doc, adopted, addedSessions, opts), adopted, skipped, addedSessions };
}
