import { describe, expect, it } from 'vitest';

import { filterProfiles, pickerKey, type PickerState, renderPicker } from './picker-model.js';
import type { ServableProfile } from './servable-profiles.js';

const p = (
  name: string,
  accountId: string,
  roleName: string,
  region = '',
  accountName = '',
): ServableProfile => ({ name, ssoSession: 'corp', accountId, accountName, roleName, region });

const PROFILES = [
  p('Production.ReadOnlyAccess', '222222222222', 'ReadOnlyAccess', 'us-east-1', 'Core Prod'),
  p('Sandbox.AdministratorAccess', '111111111111', 'AdministratorAccess', 'eu-west-1', 'Dev Box'),
  p('Sandbox.ReadOnlyAccess', '111111111111', 'ReadOnlyAccess', 'eu-west-1', 'Dev Box'),
];
const start: PickerState = { query: '', selected: 0 };

describe('filterProfiles', () => {
  it('keeps profiles where every word appears in a field, ignoring case', () => {
    const names = (q: string) => filterProfiles(PROFILES, q).map((x) => x.name);
    expect(names('')).toEqual(PROFILES.map((x) => x.name));
    expect(names('sand read')).toEqual(['Sandbox.ReadOnlyAccess']);
    expect(names('2222')).toEqual(['Production.ReadOnlyAccess']);
    expect(names('EU-WEST admin')).toEqual(['Sandbox.AdministratorAccess']);
    expect(names('nothing')).toEqual([]);
  });

  it('matches the account name too', () => {
    const names = (q: string) => filterProfiles(PROFILES, q).map((x) => x.name);
    expect(names('core')).toEqual(['Production.ReadOnlyAccess']);
    expect(names('dev box admin')).toEqual(['Sandbox.AdministratorAccess']);
    expect(names('dev prod')).toEqual([]);
  });
});

describe('pickerKey', () => {
  const type = (state: PickerState, text: string) =>
    [...text].reduce((s, ch) => {
      const step = pickerKey(PROFILES, s, ch, { name: ch });
      if (step.kind !== 'continue') throw new Error('typing ended the picker');
      return step.state;
    }, state);

  it('typing filters and resets the selection; backspace and Ctrl-U edit the query', () => {
    const s = type({ query: '', selected: 2 }, 'Sand');
    expect(s).toEqual({ query: 'Sand', selected: 0 });
    expect(pickerKey(PROFILES, s, undefined, { name: 'backspace' })).toEqual({
      kind: 'continue',
      state: { query: 'San', selected: 0 },
    });
    expect(pickerKey(PROFILES, s, 'u', { name: 'u', ctrl: true })).toEqual({
      kind: 'continue',
      state: { query: '', selected: 0 },
    });
  });

  it('arrows move within the filtered list and stop at its ends', () => {
    const down = (s: PickerState) => pickerKey(PROFILES, s, undefined, { name: 'down' });
    let s = type(start, 'sandbox');
    for (let i = 0; i < 5; i++) {
      const step = down(s);
      if (step.kind !== 'continue') throw new Error('moved out');
      s = step.state;
    }
    expect(s.selected).toBe(1);
    expect(pickerKey(PROFILES, s, undefined, { name: 'up' })).toMatchObject({
      state: { selected: 0 },
    });
  });

  it('Enter picks the selected filtered profile; Enter on no match does nothing', () => {
    const s = { ...type(start, 'sandbox'), selected: 1 };
    expect(pickerKey(PROFILES, s, '\r', { name: 'return' })).toEqual({
      kind: 'pick',
      profile: PROFILES[2],
    });
    const none = type(start, 'zzz');
    expect(pickerKey(PROFILES, none, '\r', { name: 'return' })).toEqual({
      kind: 'continue',
      state: none,
    });
  });

  it('Esc and Ctrl-C cancel; control characters are not added to the query', () => {
    expect(pickerKey(PROFILES, start, '\x1b', { name: 'escape' })).toEqual({ kind: 'cancel' });
    expect(pickerKey(PROFILES, start, '\x03', { name: 'c', ctrl: true })).toEqual({
      kind: 'cancel',
    });
    expect(pickerKey(PROFILES, start, '\x07', { name: 'g', ctrl: true })).toEqual({
      kind: 'continue',
      state: start,
    });
  });
});

describe('renderPicker', () => {
  it('draws a header, aligned columns, the selection marker and a count', () => {
    const lines = renderPicker(PROFILES, { query: 'sand', selected: 1 }, 10, 100);
    expect(lines).toEqual([
      'awsid use: type to filter, Up/Down to move, Enter to switch, Esc to cancel',
      '> sand',
      '  PROFILE                      ACCOUNT NAME  ACCOUNT ID    ROLE                 REGION',
      '  Sandbox.AdministratorAccess  Dev Box       111111111111  AdministratorAccess  eu-west-1',
      '> Sandbox.ReadOnlyAccess       Dev Box       111111111111  ReadOnlyAccess       eu-west-1',
      '  2 of 3 profiles',
    ]);
  });

  it('shows the account name, "-" for a profile without one, and filters by it', () => {
    const mixed = [...PROFILES, p('adopted', '333333333333', 'Admin', 'eu-west-1')];
    const lines = renderPicker(mixed, { query: 'core', selected: 0 }, 10, 100);
    expect(lines.slice(2)).toEqual([
      '  PROFILE                      ACCOUNT NAME  ACCOUNT ID    ROLE                 REGION',
      '> Production.ReadOnlyAccess    Core Prod     222222222222  ReadOnlyAccess       us-east-1',
      '  1 of 4 profiles',
    ]);
    expect(renderPicker(mixed, { query: '3333', selected: 0 }, 10, 100)[3]).toBe(
      '> adopted                      -             333333333333  Admin                eu-west-1',
    );
  });

  it('shows a window around the selection and fits the terminal width', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      p(`acct-${String(i).padStart(2, '0')}`, '1'.repeat(12), 'Admin'),
    );
    const lines = renderPicker(many, { query: '', selected: 20 }, 5, 20);
    const rows = lines.slice(3, -1);
    expect(rows).toHaveLength(5);
    expect(rows.find((l) => l.startsWith('>'))).toMatch(/^> acct-20/);
    expect(lines.every((l) => l.length < 20)).toBe(true);
  });

  it('shows names from the config file without their control characters', () => {
    const lines = renderPicker([p('evil\x1b]0;title\x07', '1', 'r', '', 'a\u202eb\x9b2J')], start);
    expect(lines.join('\n')).not.toMatch(/[\x1b\x07\x9b\u202e]/);
    expect(renderPicker(PROFILES, { query: 'zzz', selected: 0 }).at(-1)).toBe(
      '  no profile matches',
    );
  });
});
