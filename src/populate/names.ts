import { renderName, type ProfileTemplate } from './template.js';

/** One account x role the portal lists for the signed-in user. */
export interface Assignment {
  accountId: string;
  accountName: string;
  accountEmail: string | undefined;
  roleName: string;
}

export interface NamedAssignment extends Assignment {
  profile: string;
}

/** `default` would become the default profile; `__proto__` makes the JS SDK drop the file. */
const RESERVED = new Set(['', 'default', '__proto__']);

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order profiles are written in: account name, role, then account id (code-unit order). */
export function compareAssignments(a: Assignment, b: Assignment): number {
  return (
    cmp(a.accountName, b.accountName) ||
    cmp(a.roleName, b.roleName) ||
    cmp(a.accountId, b.accountId)
  );
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

/**
 * Names from the template, sorted. Names that several assignments share (two accounts with the
 * same name, roles that differ only in characters the sanitiser drops) all get `-<account id>`,
 * and `-<n>` when that still collides: none of them keeps the plain name, so a new account never
 * takes over a name an existing profile had for another account.
 */
export function assignProfileNames(
  assignments: readonly Assignment[],
  template: ProfileTemplate,
  ssoSession: string,
): NamedAssignment[] {
  const sorted = [...assignments].sort(compareAssignments);
  const base = sorted.map((a) =>
    renderName(template, {
      account_name: a.accountName,
      account_id: a.accountId,
      account_email: a.accountEmail ?? '',
      role_name: a.roleName,
      sso_session: ssoSession,
    }),
  );
  const baseCount = countBy(base, (b) => b);
  const clash = (b: string): boolean => RESERVED.has(b) || (baseCount.get(b) ?? 0) > 1;
  const taken = new Set(base.filter((b) => !clash(b)));
  const second = sorted.map((a, i) => {
    const b = base[i] as string;
    if (!clash(b)) return b;
    return b === '' ? a.accountId : `${b}-${a.accountId}`;
  });
  const secondCount = countBy(
    second.filter((_, i) => clash(base[i] as string)),
    (s) => s,
  );
  return sorted.map((a, i) => {
    const b = base[i] as string;
    let name = second[i] as string;
    if (clash(b)) {
      if ((secondCount.get(name) ?? 0) > 1 || taken.has(name) || RESERVED.has(name)) {
        let n = 1;
        while (taken.has(`${name}-${n}`)) n++;
        name = `${name}-${n}`;
      }
      taken.add(name);
    }
    return { ...a, profile: name };
  });
}
