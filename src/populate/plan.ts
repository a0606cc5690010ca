import { parseConfigDocument, type DocSection } from '../awsconfig/document.js';
import { removeKeyIn, setKeyIn } from '../awsconfig/edit-keys.js';
import {
  appendLines,
  lastContentLine,
  removeLines,
  removeSectionLines,
} from '../awsconfig/edit-section.js';
import { validateAddress, validateKey, validateValue } from '../awsconfig/edit-validate.js';
import { ConfigError } from '../core/errors.js';
import { LineEdits } from '../awsconfig/line-edits.js';
import { groupComment, markerOf, targetOf } from './marker.js';

/*
 * What populate does to the config text, as a pure function: the new text plus a report. Only
 * profiles that carry this session's marker are changed or removed; a profile of the same name
 * that does not is reported and left alone. Changed keys are rewritten on their own
 * line; new profiles go after this session's last generated profile, or at the end of the file
 * after a `# awsid populate: sso-session NAME` line, in the order they are given.
 */

export interface DesiredProfile {
  name: string;
  accountId: string;
  roleName: string;
  /** In the order a new section lists them. */
  entries: ReadonlyArray<readonly [string, string]>;
  /** Keys an existing profile of ours loses (an account name the portal no longer gives). */
  dropKeys?: readonly string[];
  /**
   * For an existing profile of ours: the value of a key from its current one (undefined when it
   * has none), instead of the entry's. What the user set or added there survives.
   */
  update?: Readonly<Record<string, (current: string | undefined) => string>>;
}

export interface PlanOptions {
  ssoSession: string;
  /** Sorted; names unique. */
  desired: readonly DesiredProfile[];
  /** Every account/role the portal listed, as `accountId/roleName`. */
  assigned: ReadonlySet<string>;
  /** Accounts whose roles the portal would not list: their profiles are never pruned. */
  unlistedAccounts?: ReadonlySet<string>;
  prune: boolean;
}

export interface SkippedProfile {
  name: string;
  accountId: string;
  roleName: string;
  /** Line of the existing section's header. */
  line: number;
  /** The sso-session another populate wrote it for; undefined for a hand-written profile. */
  generatedFor: string | undefined;
}

export interface StaleProfile {
  name: string;
  accountId: string | undefined;
  roleName: string | undefined;
  /** True when the account and role are still assigned (the profile now has another name). */
  stillAssigned: boolean;
  /** The name this run writes the same account and role under (another template). */
  renamedTo?: string;
}

/** An assignment whose profile cannot be written safely (a role name with a line break...). */
export interface UnwritableProfile {
  name: string;
  accountId: string;
  roleName: string;
  reason: string;
}

export interface PopulatePlan {
  text: string;
  /** Left out with a warning; the rest is written. */
  unwritable: UnwritableProfile[];
  added: string[];
  updated: string[];
  unchanged: string[];
  skipped: SkippedProfile[];
  removed: StaleProfile[];
  /** Generated profiles this run no longer writes and did not remove. */
  kept: StaleProfile[];
}

export const assignmentKey = (accountId: string, roleName: string): string =>
  `${accountId}/${roleName}`;

function profileSections(sections: readonly DocSection[]): Map<string, DocSection[]> {
  const out = new Map<string, DocSection[]>();
  for (const s of sections) {
    if (s.header.kind !== 'profile' && s.header.kind !== 'default') continue;
    const list = out.get(s.header.name) ?? [];
    list.push(s);
    out.set(s.header.name, list);
  }
  return out;
}

function validate(d: DesiredProfile): void {
  validateAddress({ kind: 'profile', name: d.name });
  for (const [k, v] of d.entries) {
    validateKey(k);
    validateValue(k, v);
  }
  for (const k of d.dropKeys ?? []) validateKey(k);
}

type Ours = (s: DocSection) => boolean;

/** Updates the desired profiles that exist (ours only); returns those to add. */
function writeDesired(
  opts: PlanOptions,
  edits: LineEdits,
  byName: ReturnType<typeof profileSections>,
  ours: Ours,
  plan: PopulatePlan,
): DesiredProfile[] {
  const toAdd: DesiredProfile[] = [];
  for (const d of opts.desired) {
    try {
      validate(d);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const { name, accountId, roleName } = d;
      plan.unwritable.push({ name, accountId, roleName, reason: e.message });
      continue;
    }
    const existing = byName.get(d.name);
    if (!existing) {
      toAdd.push(d);
      continue;
    }
    const foreign = existing.find((s) => !ours(s));
    if (foreign) {
      plan.skipped.push({
        name: d.name,
        accountId: d.accountId,
        roleName: d.roleName,
        line: foreign.header.line,
        generatedFor: markerOf(foreign),
      });
      continue;
    }
    const values = d.entries.map(([key, value]): [string, string] => {
      const update = d.update?.[key];
      if (!update) return [key, value];
      const current = existing.flatMap((s) => s.keys).findLast((k) => k.id === key)?.value;
      return [key, update(current)];
    });
    try {
      for (const [key, value] of values) validateValue(key, value);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const { name, accountId, roleName } = d;
      plan.unwritable.push({ name, accountId, roleName, reason: e.message });
      continue;
    }
    let changed = false;
    for (const [key, value] of values) changed = setKeyIn(edits, existing, key, value) || changed;
    for (const key of d.dropKeys ?? []) changed = removeKeyIn(edits, existing, key) || changed;
    (changed ? plan.updated : plan.unchanged).push(d.name);
  }
  return toAdd;
}

/**
 * Generated profiles of this session that this run does not write: removed with --prune, else
 * kept and listed. Bottom-up, so a removal can see whether everything after it is gone too.
 */
function pruneStale(
  generated: DocSection[],
  opts: PlanOptions,
  edits: LineEdits,
  plan: PopulatePlan,
): void {
  const desiredNames = new Set(opts.desired.map((d) => d.name));
  // Assignments this run writes (not skipped), by the name it writes them under.
  const skipped = new Set([...plan.skipped, ...plan.unwritable].map((p) => p.name));
  const writtenAs = new Map(
    opts.desired
      .filter((d) => !skipped.has(d.name))
      .map((d) => [assignmentKey(d.accountId, d.roleName), d.name]),
  );
  for (const s of [...generated].reverse()) {
    if (desiredNames.has(s.header.name)) continue;
    const { accountId, roleName } = targetOf(s);
    const stillAssigned =
      accountId !== undefined &&
      roleName !== undefined &&
      (opts.assigned.has(assignmentKey(accountId, roleName)) ||
        opts.unlistedAccounts?.has(accountId) === true);
    const renamedTo =
      accountId === undefined || roleName === undefined
        ? undefined
        : writtenAs.get(assignmentKey(accountId, roleName));
    const stale: StaleProfile = {
      name: s.header.name,
      accountId,
      roleName,
      stillAssigned,
      ...(renamedTo === undefined ? {} : { renamedTo }),
    };
    // A profile whose credential_process no longer names an account and role was edited by
    // hand, and one still assigned that this run does not write under another name (its account's
    // roles could not be listed, or the new name is taken): prune leaves them.
    if (
      !opts.prune ||
      accountId === undefined ||
      roleName === undefined ||
      (stillAssigned && renamedTo === undefined)
    ) {
      plan.kept.push(stale);
      continue;
    }
    removeSectionLines(edits, s);
    plan.removed.push(stale);
  }
  plan.kept.reverse();
  plan.removed.reverse();
}

export function planPopulate(text: string, opts: PlanOptions): PopulatePlan {
  const doc = parseConfigDocument(text);
  const edits = new LineEdits(doc);
  const ours = (s: DocSection): boolean => markerOf(s) === opts.ssoSession;
  const plan: PopulatePlan = {
    text,
    unwritable: [],
    added: [],
    updated: [],
    unchanged: [],
    skipped: [],
    removed: [],
    kept: [],
  };
  const toAdd = writeDesired(opts, edits, profileSections(doc.sections), ours, plan);
  const generated = doc.sections.filter(
    (s) => (s.header.kind === 'profile' || s.header.kind === 'default') && ours(s),
  );
  pruneStale(generated, opts, edits, plan);

  const keptGenerated = generated.filter((s) => !edits.isDeleted(s.header.line));
  const comment = groupComment(opts.ssoSession);
  const commentLine = findLine(edits, comment);
  if (keptGenerated.length === 0 && toAdd.length === 0 && commentLine !== undefined) {
    removeLines(edits, commentLine, commentLine);
  }
  if (toAdd.length > 0) addSections(edits, toAdd, keptGenerated.at(-1), commentLine, comment);
  plan.added = toAdd.map((d) => d.name);
  plan.text = edits.changed ? edits.apply() : text;
  return plan;
}

function sectionLines(d: DesiredProfile): string[] {
  return [`[profile ${d.name}]`, ...d.entries.map(([k, v]) => `${k} = ${v}`)];
}

function findLine(edits: LineEdits, text: string): number | undefined {
  for (let n = 1; n <= edits.lineCount; n++) if (edits.text(n).trim() === text) return n;
  return undefined;
}

/**
 * New profiles go after the session's last generated profile, else right under its group
 * comment, else at the end of the file under a new group comment; one blank line apart.
 */
function addSections(
  edits: LineEdits,
  toAdd: readonly DesiredProfile[],
  lastGenerated: DocSection | undefined,
  commentLine: number | undefined,
  comment: string,
): void {
  const body = toAdd.flatMap((d, i) => (i === 0 ? sectionLines(d) : ['', ...sectionLines(d)]));
  if (!lastGenerated && commentLine === undefined) return appendLines(edits, [comment, ...body]);
  const anchor = lastGenerated ? lastContentLine(lastGenerated) : (commentLine as number);
  const lines = lastGenerated ? ['', ...body] : body;
  const next = edits.nextAlive(anchor);
  if (next !== undefined && !edits.isBlank(next)) lines.push('');
  edits.insertAfter(anchor, lines);
}
