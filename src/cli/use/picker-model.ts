/**
 * The profile picker of `awsid use` as pure functions: filter, key handling and the lines to
 * draw. src/cli/use/picker-tty.ts feeds it keypresses and draws the lines on stderr.
 */
import { terminalSafe } from '../../core/terminal-text.js';
import type { ServableProfile } from './servable-profiles.js';

export interface PickerState {
  query: string;
  /** Index into the filtered list. */
  selected: number;
}

/** The fields of readline's keypress event the picker uses. */
export interface Key {
  name?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
}

export type PickerStep =
  | { kind: 'continue'; state: PickerState }
  | { kind: 'pick'; profile: ServableProfile }
  | { kind: 'cancel' };

const fields = (p: ServableProfile) => [
  p.name,
  p.accountName,
  p.accountId,
  p.roleName,
  p.region,
  p.ssoSession,
];

/** Every space-separated word of the query appears (case-insensitive) in one of the fields. */
export function filterProfiles(
  profiles: readonly ServableProfile[],
  query: string,
): ServableProfile[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return profiles.filter((p) => {
    const hay = fields(p).map((f) => f.toLowerCase());
    return words.every((w) => hay.some((f) => f.includes(w)));
  });
}

function moved(state: PickerState, by: number, count: number): PickerState {
  if (count === 0) return { ...state, selected: 0 };
  return { ...state, selected: Math.min(count - 1, Math.max(0, state.selected + by)) };
}

/** One keypress: `str` is the typed text (readline's first keypress argument). */
export function pickerKey(
  profiles: readonly ServableProfile[],
  state: PickerState,
  str: string | undefined,
  key: Key,
): PickerStep {
  const shown = filterProfiles(profiles, state.query);
  const name = key.name ?? '';
  if (name === 'escape' || (key.ctrl && (name === 'c' || name === 'd'))) return { kind: 'cancel' };
  if (name === 'return' || name === 'enter') {
    const profile = shown[state.selected];
    return profile ? { kind: 'pick', profile } : { kind: 'continue', state };
  }
  const step = (s: PickerState): PickerStep => ({ kind: 'continue', state: s });
  if (name === 'up' || (key.ctrl && name === 'p')) return step(moved(state, -1, shown.length));
  if (name === 'down' || (key.ctrl && name === 'n')) return step(moved(state, 1, shown.length));
  if (name === 'pageup') return step(moved(state, -10, shown.length));
  if (name === 'pagedown') return step(moved(state, 10, shown.length));
  if (name === 'backspace') return step({ query: state.query.slice(0, -1), selected: 0 });
  if (key.ctrl && name === 'u') return step({ query: '', selected: 0 });
  if (!key.ctrl && !key.meta && str !== undefined && /^[^\p{Cc}]+$/u.test(str)) {
    return step({ query: state.query + str, selected: 0 });
  }
  return step(state);
}

const HEAD = ['PROFILE', 'ACCOUNT NAME', 'ACCOUNT ID', 'ROLE', 'REGION'];
const MAX_WIDTH = 48;

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}~` : text.padEnd(width);
}

/** The lines to draw (no trailing newline), each at most `columns - 1` characters. */
export function renderPicker(
  profiles: readonly ServableProfile[],
  state: PickerState,
  rows = 10,
  columns = 80,
): string[] {
  const cells = (p: ServableProfile) =>
    [p.name, p.accountName || '-', p.accountId, p.roleName, p.region].map(terminalSafe);
  const widths = HEAD.map((h, i) =>
    Math.min(MAX_WIDTH, Math.max(h.length, ...profiles.map((p) => cells(p)[i]?.length ?? 0))),
  );
  const row = (mark: string, values: string[]) =>
    `${mark} ${values.map((v, i) => clip(v, widths[i] ?? 0)).join('  ')}`.trimEnd();
  const shown = filterProfiles(profiles, state.query);
  const start = Math.max(0, Math.min(state.selected - Math.floor(rows / 2), shown.length - rows));
  const lines = [
    'awsid use: type to filter, Up/Down to move, Enter to switch, Esc to cancel',
    `> ${terminalSafe(state.query)}`,
    row(' ', HEAD),
    ...shown
      .slice(start, start + rows)
      .map((p, i) => row(start + i === state.selected ? '>' : ' ', cells(p))),
    shown.length ? `  ${shown.length} of ${profiles.length} profiles` : '  no profile matches',
  ];
  return lines.map((l) => (l.length >= columns ? l.slice(0, Math.max(1, columns - 1)) : l));
}
