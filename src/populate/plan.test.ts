/** Golden tests: exact text in, plan, exact text out. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { assignmentKey, planPopulate, type DesiredProfile, type PlanOptions } from './plan.js';

const CP = '/usr/bin/node /opt/awsid/bin/awsid.js credential-process';

function want(
  name: string,
  accountId: string,
  roleName: string,
  session = 'corp',
  region = 'us-east-1',
): DesiredProfile {
  return {
    name,
    accountId,
    roleName,
    entries: [
      ['awsid_generated', session],
      [
        'credential_process',
        `${CP} --sso-session ${session} --account-id ${accountId} --role-name ${roleName}`,
      ],
      ['region', region],
    ],
  };
}

function opts(desired: DesiredProfile[], extra: Partial<PlanOptions> = {}): PlanOptions {
  return {
    ssoSession: desired[0]?.entries[0]?.[1] ?? 'corp',
    desired,
    assigned: new Set(desired.map((d) => assignmentKey(d.accountId, d.roleName))),
    prune: false,
    ...extra,
  };
}

const section = (d: DesiredProfile): string =>
  [`[profile ${d.name}]`, ...d.entries.map(([k, v]) => `${k} = ${v}`)].join('\n');

const A = want('Sandbox.Admin', '111111111111', 'Admin');
const B = want('Sandbox.ReadOnly', '111111111111', 'ReadOnly');
const C = want('Prod.ReadOnly', '222222222222', 'ReadOnly');

describe('planPopulate: new profiles', () => {
  it('writes an empty file: the group comment, then the sections one blank line apart', () => {
    const plan = planPopulate('', opts([A, B]));
    expect(plan.text).toBe(`# awsid populate: sso-session corp\n${section(A)}\n\n${section(B)}\n`);
    expect(plan.added).toEqual(['Sandbox.Admin', 'Sandbox.ReadOnly']);
  });

  it('appends after the last line, keeping every byte before it', () => {
    const original = '# mine\n[profile x]\nregion = eu-west-1  ; inline\n';
    const plan = planPopulate(original, opts([A]));
    expect(plan.text).toBe(`${original}\n# awsid populate: sso-session corp\n${section(A)}\n`);
  });

  it('keeps a missing final newline missing (it moves to the new end)', () => {
    const original = '[profile x]\nregion = eu-west-1';
    const plan = planPopulate(original, opts([A]));
    expect(plan.text).toBe(`${original}\n\n# awsid populate: sso-session corp\n${section(A)}`);
    const again = planPopulate(plan.text, opts([A, B]));
    expect(again.text).toBe(`${plan.text}\n\n${section(B)}`);
  });

  it('writes CRLF into a CRLF file', () => {
    const original = '[profile x]\r\nregion = eu-west-1\r\n';
    const plan = planPopulate(original, opts([A]));
    const added = `\n# awsid populate: sso-session corp\n${section(A)}\n`.replace(/\n/g, '\r\n');
    expect(plan.text).toBe(original + added);
  });

  it('changes nothing on a second run with the same input', () => {
    const first = planPopulate('[default]\nregion = eu-west-1\n', opts([A, B, C])).text;
    const second = planPopulate(first, opts([A, B, C]));
    expect(second.text).toBe(first);
    expect(second).toMatchObject({ added: [], updated: [], removed: [], kept: [] });
    expect(second.unchanged).toEqual(['Sandbox.Admin', 'Sandbox.ReadOnly', 'Prod.ReadOnly']);
  });

  it("adds a new role after the session's last generated profile, not after what follows", () => {
    const other = want('Other.X', '333333333333', 'X', 'other');
    const start =
      planPopulate('', opts([A])).text +
      `\n# awsid populate: sso-session other\n${section(other)}\n`;
    const plan = planPopulate(start, opts([A, B]));
    expect(plan.text).toBe(
      `# awsid populate: sso-session corp\n${section(A)}\n\n${section(B)}\n` +
        `\n# awsid populate: sso-session other\n${section(other)}\n`,
    );
  });
});

describe('planPopulate: updates in place', () => {
  it('rewrites only the lines that changed, keeping their spacing and other keys', () => {
    const text =
      '# awsid populate: sso-session corp\n' +
      '[profile Sandbox.Admin]\n' +
      'awsid_generated = corp\n' +
      `credential_process   =   ${A.entries[1]![1]}\n` +
      'region=us-east-1\n' +
      'output = json\n';
    const plan = planPopulate(
      text,
      opts([want('Sandbox.Admin', '111111111111', 'Admin', 'corp', 'eu-west-1')]),
    );
    expect(plan.text).toBe(text.replace('region=us-east-1', 'region=eu-west-1'));
    expect(plan.updated).toEqual(['Sandbox.Admin']);
  });

  it('puts back a generated key a user removed, after the last key', () => {
    const text = `[profile Sandbox.Admin]\nawsid_generated = corp\n${'credential_process = ' + A.entries[1]![1]}\n\n[profile y]\n`;
    const plan = planPopulate(text, opts([A]));
    expect(plan.text).toBe(
      `[profile Sandbox.Admin]\nawsid_generated = corp\ncredential_process = ${A.entries[1]![1]}\nregion = us-east-1\n\n[profile y]\n`,
    );
  });

  it('an older generated profile gains the account name as a new one has it; dropKeys removes it', () => {
    const named = (n: string): DesiredProfile => ({
      ...A,
      entries: [...A.entries, ['awsid_account_name', n]],
    });
    const old = planPopulate('', opts([A])).text;
    const gained = planPopulate(old, opts([named('Sandbox')]));
    expect(gained.text).toBe(planPopulate('', opts([named('Sandbox')])).text);
    expect(gained.updated).toEqual(['Sandbox.Admin']);
    expect(planPopulate(gained.text, opts([named('Sandbox 2')])).text).toBe(
      gained.text.replace('= Sandbox\n', '= Sandbox 2\n'),
    );
    const dropped = planPopulate(gained.text, opts([{ ...A, dropKeys: ['awsid_account_name'] }]));
    expect(dropped.text).toBe(old);
    expect(dropped.updated).toEqual(['Sandbox.Admin']);
  });
});

describe('planPopulate: profiles it does not own', () => {
  it('skips a hand-written profile of the same name (quoted or not) and reports it', () => {
    const text =
      '[profile Sandbox.Admin]\nregion = eu-west-1\n\n[profile "Sandbox.ReadOnly"]\noutput = json\n';
    const plan = planPopulate(text, opts([A, B, C]));
    expect(plan.skipped).toEqual([
      {
        name: 'Sandbox.Admin',
        accountId: '111111111111',
        roleName: 'Admin',
        line: 1,
        generatedFor: undefined,
      },
      {
        name: 'Sandbox.ReadOnly',
        accountId: '111111111111',
        roleName: 'ReadOnly',
        line: 4,
        generatedFor: undefined,
      },
    ]);
    expect(plan.text).toBe(`${text}\n# awsid populate: sso-session corp\n${section(C)}\n`);
  });

  it("skips another session's generated profile and never prunes it", () => {
    const theirs = want('Sandbox.Admin', '111111111111', 'Admin', 'other');
    const gone = want('Gone.X', '999999999999', 'X', 'other');
    const text = `${section(theirs)}\n\n${section(gone)}\n`;
    const plan = planPopulate(text, opts([A], { prune: true }));
    expect(plan.skipped[0]).toMatchObject({ name: 'Sandbox.Admin', generatedFor: 'other' });
    expect(plan.removed).toEqual([]);
    expect(plan.text).toBe(text);
  });
});

describe('planPopulate: --prune', () => {
  const original = '# my config\n[default]\nregion = eu-west-1\n\n[profile hand]\noutput = json';
  const all = [A, B, C];
  const populated = planPopulate(original, opts(all)).text;

  it('removes only unassigned generated profiles of the session, listing them', () => {
    const plan = planPopulate(populated, opts([A, C], { prune: true }));
    expect(plan.removed).toEqual([
      {
        name: 'Sandbox.ReadOnly',
        accountId: '111111111111',
        roleName: 'ReadOnly',
        stillAssigned: false,
      },
    ]);
    expect(plan.text).toBe(
      `${original}\n\n# awsid populate: sso-session corp\n${section(A)}\n\n${section(C)}`,
    );
  });

  it('without --prune keeps them and says so', () => {
    const plan = planPopulate(populated, opts([A, C]));
    expect(plan.text).toBe(populated);
    expect(plan.kept).toEqual([
      {
        name: 'Sandbox.ReadOnly',
        accountId: '111111111111',
        roleName: 'ReadOnly',
        stillAssigned: false,
      },
    ]);
  });

  it('keeps a profile the template now names otherwise, saying so; --prune removes it', () => {
    const renamed = { ...B, name: 'Sandbox.RO' };
    const stale = {
      name: 'Sandbox.ReadOnly',
      accountId: '111111111111',
      roleName: 'ReadOnly',
      stillAssigned: true,
      renamedTo: 'Sandbox.RO',
    };
    const kept = planPopulate(populated, opts([A, renamed, C]));
    expect(kept.removed).toEqual([]);
    expect(kept.kept).toEqual([stale]);
    const plan = planPopulate(populated, opts([A, renamed, C], { prune: true }));
    expect(plan.removed).toEqual([stale]);
    expect(plan.kept).toEqual([]);
    expect(plan.added).toEqual(['Sandbox.RO']);
    expect(plan.text).not.toContain('[profile Sandbox.ReadOnly]');
  });

  it('--prune keeps a renamed profile whose new name is taken by a hand-written one', () => {
    const renamed = { ...B, name: 'hand' };
    const plan = planPopulate(populated, opts([A, renamed, C], { prune: true }));
    expect(plan.skipped.map((s) => s.name)).toEqual(['hand']);
    expect(plan.removed).toEqual([]);
    expect(plan.kept).toEqual([
      {
        name: 'Sandbox.ReadOnly',
        accountId: '111111111111',
        roleName: 'ReadOnly',
        stillAssigned: true,
      },
    ]);
  });

  it('keeps the profiles of an account whose roles could not be listed', () => {
    const plan = planPopulate(
      populated,
      opts([C], { prune: true, unlistedAccounts: new Set(['111111111111']) }),
    );
    expect(plan.removed).toEqual([]);
    expect(plan.text).toBe(populated);
  });

  it('gives the original bytes back when everything goes (LF and CRLF, no final newline)', () => {
    expect(
      planPopulate(populated, opts([], { ssoSession: 'corp', prune: true, assigned: new Set() }))
        .text,
    ).toBe(original);
    const crlf = original.replace(/\n/g, '\r\n');
    const withCrlf = planPopulate(crlf, opts(all)).text;
    expect(withCrlf.startsWith(crlf)).toBe(true);
    const gone = planPopulate(
      withCrlf,
      opts([], { ssoSession: 'corp', prune: true, assigned: new Set() }),
    );
    expect(gone.text).toBe(crlf);
  });

  it('gives back a file that ended in blank lines, those lines included', () => {
    const text = '[profile x]\nregion = eu-west-1\n\n\n';
    const added = planPopulate(text, opts(all)).text;
    // One blank line of its own before the group, so prune knows which one to take back.
    expect(added).toBe(
      `${text}\n# awsid populate: sso-session corp\n${section(A)}\n\n${section(B)}\n\n${section(C)}\n`,
    );
    const pruned = planPopulate(
      added,
      opts([], { ssoSession: 'corp', prune: true, assigned: new Set() }),
    );
    expect(pruned.text).toBe(text);
  });

  it('removes the group comment but not what follows it when the group sat mid-file', () => {
    const text = `[profile a]\nregion = x\n\n# awsid populate: sso-session corp\n${section(A)}\n\n[profile z]\nregion = y\n`;
    const plan = planPopulate(
      text,
      opts([], { ssoSession: 'corp', prune: true, assigned: new Set() }),
    );
    expect(plan.text).toBe('[profile a]\nregion = x\n\n[profile z]\nregion = y\n');
  });

  it('leaves a generated profile whose credential_process was edited by hand', () => {
    const text = `[profile Old]\nawsid_generated = corp\ncredential_process = my-own-script\n`;
    const plan = planPopulate(
      text,
      opts([], { ssoSession: 'corp', prune: true, assigned: new Set() }),
    );
    expect(plan.text).toBe(text);
    expect(plan.kept[0]).toMatchObject({ name: 'Old', accountId: undefined });
  });
});

describe('planPopulate on the hand-written fixtures', () => {
  const dir = join(import.meta.dirname, '../../test/fixtures');
  const fixtures = [
    'awsconfig/real-world.ini',
    'awsconfig/styles.ini',
    'awsconfig/odd.ini',
    'populate/hand-written.ini',
  ];
  const shapes: Array<[string, (t: string) => string]> = [
    ['as is', (t) => t],
    ['CRLF', (t) => t.replace(/\r?\n/g, '\r\n')],
    ['no final newline', (t) => t.replace(/\r?\n$/, '')],
    ['trailing blank lines', (t) => `${t}\n\n`],
  ];
  const none = { ssoSession: 'corp', prune: true, assigned: new Set<string>() };

  it.each(fixtures.flatMap((f) => shapes.map(([label, shape]) => [f, label, shape] as const)))(
    '%s (%s) survives populate, re-populate, a partial and a full prune byte for byte',
    (file, _label, shape) => {
      const original = shape(readFileSync(join(dir, file), 'utf8'));
      const first = planPopulate(original, opts([A, B, C])).text;
      expect(first.startsWith(original)).toBe(true);
      expect(planPopulate(first, opts([A, B, C])).text).toBe(first);
      const partial = planPopulate(first, opts([A, C], { prune: true })).text;
      expect(partial.startsWith(original)).toBe(true);
      expect(planPopulate(partial, opts([], none)).text).toBe(original);
    },
  );
});

describe('planPopulate: an assignment it cannot write', () => {
  it('is left out with its reason; the others are written', () => {
    const bad = want('Sandbox.Bad', '111111111111', "Bad'\nRole");
    const plan = planPopulate('', opts([A, bad, B]));
    expect(plan.text).toBe(`# awsid populate: sso-session corp\n${section(A)}\n\n${section(B)}\n`);
    expect(plan.added).toEqual(['Sandbox.Admin', 'Sandbox.ReadOnly']);
    expect(plan.unwritable).toEqual([
      {
        name: 'Sandbox.Bad',
        accountId: '111111111111',
        roleName: "Bad'\nRole",
        reason: 'cannot write a value for "credential_process": it contains a line break',
      },
    ]);
  });
});
