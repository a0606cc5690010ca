import { describe, expect, it } from 'vitest';

import { assignProfileNames, type Assignment } from './names.js';
import { DEFAULT_TEMPLATE, parseTemplate } from './template.js';

const a = (accountId: string, accountName: string, roleName: string): Assignment => ({
  accountId,
  accountName,
  accountEmail: undefined,
  roleName,
});
const names = (list: Assignment[], template = DEFAULT_TEMPLATE) =>
  assignProfileNames(list, parseTemplate(template), 'corp').map((n) => n.profile);

describe('assignProfileNames', () => {
  it('sorts by account name, then role, then account id', () => {
    const out = assignProfileNames(
      [a('2', 'b', 'R'), a('1', 'a', 'Z'), a('3', 'a', 'A')],
      parseTemplate(DEFAULT_TEMPLATE),
      'corp',
    );
    expect(out.map((n) => n.profile)).toEqual(['a.A', 'a.Z', 'b.R']);
    expect(out[0]).toMatchObject({ accountId: '3', roleName: 'A' });
  });

  it('gives every member of a collision the account id, whatever the input order', () => {
    const list = [a('222222222222', 'Prod', 'Admin'), a('111111111111', 'Prod', 'Admin')];
    const expected = ['Prod.Admin-111111111111', 'Prod.Admin-222222222222'];
    expect(names(list)).toEqual(expected);
    expect(names([...list].reverse())).toEqual(expected);
  });

  it('numbers roles of one account that sanitise to the same name', () => {
    const out = names([
      a('111111111111', 'X', 'Admin Access'),
      a('111111111111', 'X', 'Admin-Access'),
    ]);
    expect(out).toEqual(['X.Admin-Access-111111111111-1', 'X.Admin-Access-111111111111-2']);
  });

  it('never writes the reserved names default and __proto__', () => {
    const t = '{account_name}{role_name}';
    expect(names([a('111111111111', 'de', 'fault')], t)).toEqual(['default-111111111111']);
    expect(names([a('111111111111', '__proto', '__')], t)).toEqual(['__proto__-111111111111']);
    expect(names([a('111111111111', 'x', 'default')], t)).toEqual(['xdefault']);
  });

  it('keeps a unique name even when another collision group could produce it', () => {
    const out = names([
      a('111111111111', 'P', 'R'),
      a('222222222222', 'P', 'R'),
      a('333333333333', 'P', 'R-111111111111'),
    ]);
    expect(new Set(out).size).toBe(3);
    expect(out).toContain('P.R-111111111111');
  });
});
