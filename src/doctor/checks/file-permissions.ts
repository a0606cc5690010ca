/**
 * file-permissions: files that hold secrets (credentials, SSO tokens, role credentials, awsid's
 * sealed state) readable by other users, and anything they could write: whoever can edit
 * ~/.aws/config chooses what credential_process runs. `--fix` tightens modes; ownership by another
 * user (a `sudo aws sso login`) stays an instruction. A symlink (a dotfile manager's) is judged by
 * its target when the link is the caller's, but `--fix` never follows one (src/doctor/safe-chmod.ts):
 * its fix names the target for the user to run.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { chmodNoFollow } from '../safe-chmod.js';

import type { CheckContext } from '../facts.js';
import { fail, nameList, ok, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

const ID = 'file-permissions';

interface Target {
  path: string;
  dir: boolean;
  /** Holds secrets: readable by others fails. */
  secret: boolean;
  /** awsid's own directory: it must be 0700 (the daemon refuses a looser runtime dir). */
  privateDir?: boolean;
}

interface Entry extends Target {
  mode: number;
  uid: number;
  ino: number;
  /** Set for a symlink owned by the caller: the file it resolves to (mode and uid are its). */
  target?: string;
  /** Someone else's symlink, judged as itself. */
  foreignLink?: boolean;
}

async function statOf(t: Target, uid: number | undefined): Promise<Entry | undefined> {
  try {
    const l = await lstat(t.path);
    const link = l.isSymbolicLink();
    // Someone else's link is judged as itself: its owner is the problem.
    if (link && uid !== undefined && l.uid !== uid) {
      return { ...t, mode: l.mode & 0o777, uid: l.uid, ino: l.ino, foreignLink: true };
    }
    const s = link ? await stat(t.path) : l;
    if (t.dir ? !s.isDirectory() : !s.isFile()) return undefined;
    const target = link ? await realpath(t.path) : undefined;
    return { ...t, mode: s.mode & 0o777, uid: s.uid, ino: s.ino, ...(target && { target }) };
  } catch {
    return undefined;
  }
}

async function filesIn(
  dir: string,
  secret: boolean,
  filter: (n: string) => boolean,
): Promise<Target[]> {
  try {
    return (await readdir(dir))
      .filter(filter)
      .map((n) => ({ path: join(dir, n), dir: false, secret }));
  } catch {
    return [];
  }
}

const octal = (m: number) => m.toString(8).padStart(3, '0');

type Problem = { key: string; status: 'warn' | 'fail'; what: string; mode?: number };

/**
 * Group bits only warn: with the user-private groups many distributions use (umask 002) the group
 * is the user alone. Bits for everyone else fail where they expose secrets or allow writes.
 */
function problemOf(e: Entry, uid: number | undefined): Problem | undefined {
  if (uid !== undefined && e.uid !== uid) {
    return { key: `owner-${e.uid}`, status: 'fail', what: `owned by another user (uid ${e.uid})` };
  }
  if (e.mode & 0o022) {
    const target = e.dir ? (e.privateDir ? 0o700 : e.mode & ~0o022) : 0o600;
    const status = e.mode & 0o002 ? 'fail' : 'warn';
    return {
      key: 'writable',
      status,
      what: `writable by ${status === 'fail' ? 'other users' : 'your group'}`,
      mode: target,
    };
  }
  if (e.dir) {
    if (e.privateDir && e.mode & 0o077) {
      return {
        key: 'private-dir',
        status: 'warn',
        what: 'open to other users (awsid keeps it 0700)',
        mode: 0o700,
      };
    }
    return undefined;
  }
  if (e.mode & 0o044) {
    const status = e.secret && e.mode & 0o004 ? 'fail' : 'warn';
    return {
      key: 'readable',
      status,
      what: `readable by ${e.mode & 0o004 ? 'other users' : 'your group'}`,
      mode: 0o600,
    };
  }
  return undefined;
}

/** The AWS and awsid files and directories whose owner and mode matter. */
async function targetsOf(ctx: CheckContext): Promise<Target[]> {
  const { paths } = ctx;
  const cache = await ctx.facts.cache();
  const cliCache = join(paths.home, '.aws', 'cli', 'cache');
  return [
    { path: join(paths.home, '.aws'), dir: true, secret: false },
    { path: paths.awsConfigFile, dir: false, secret: false },
    { path: paths.awsCredentialsFile, dir: false, secret: true },
    { path: paths.awsSsoCacheDir, dir: true, secret: false },
    ...cache.files
      .filter((f) => f.kind !== 'unreadable')
      .map((f) => ({ path: f.path, dir: false, secret: true })),
    { path: cliCache, dir: true, secret: false },
    ...(await filesIn(cliCache, true, (n) => n.endsWith('.json'))),
    { path: paths.stateDir, dir: true, secret: false, privateDir: true },
    ...(await filesIn(paths.stateDir, true, () => true)),
    { path: paths.runtimeDir, dir: true, secret: false, privateDir: true },
  ];
}

export const filePermissionsCheck: Check<CheckContext> = {
  id: ID,
  async run(ctx) {
    const targets = await targetsOf(ctx);
    const entries = (await Promise.all(targets.map((t) => statOf(t, ctx.uid)))).filter(
      (e): e is Entry => e !== undefined,
    );
    // Group by problem, so a cache full of 0644 files is one line, not fifty.
    const groups = new Map<string, { problem: Problem; entries: Entry[] }>();
    for (const e of entries) {
      const problem = problemOf(e, ctx.uid);
      if (!problem) continue;
      const key = `${problem.key}:${problem.status}:${problem.what}:${problem.mode ?? ''}:${e.dir}`;
      const g = groups.get(key) ?? { problem, entries: [] };
      g.entries.push(e);
      groups.set(key, g);
    }
    const out: CheckResult[] = [];
    for (const { problem, entries: es } of groups.values()) {
      const shown = es.map((e) => ctx.facts.show(e.path));
      const subject = es.length === 1 ? (shown[0] as string) : 'files';
      const message = `${nameList(shown)} ${es.length === 1 ? 'is' : 'are'} ${problem.what}${
        es.length === 1 ? ` (mode ${octal(es[0]!.mode)})` : ''
      }`;
      const report = problem.status === 'fail' ? fail : warn;
      if (problem.key.startsWith('owner')) {
        out.push(
          report(
            ID,
            subject,
            message,
            // -h: a link is changed itself, never the file it points to.
            `sudo chown${es.some((e) => e.foreignLink) ? ' -h' : ''} "$(id -un)" ${es.map((e) => ctx.facts.shell(e.path)).join(' ')}`,
          ),
        );
        continue;
      }
      const mode = problem.mode as number;
      const byMode = new Map<number, Entry[]>();
      const linked = es.filter((e) => e.target !== undefined);
      for (const e of es.filter((x) => x.target === undefined)) {
        const m = e.dir && !e.privateDir ? e.mode & ~0o022 : mode;
        byMode.set(m, [...(byMode.get(m) ?? []), e]);
      }
      const chmods = (groups: Iterable<[number, Entry[]]>, path: (e: Entry) => string) =>
        [...groups]
          .map(
            ([m, list]) =>
              `chmod ${octal(m)} ${list.map((e) => ctx.facts.shell(path(e))).join(' ')}`,
          )
          .join(' && ');
      const fix = chmods(byMode, (e) => e.path);
      // Symlinks: the user's own command on the target; --fix leaves them alone.
      const byHand = chmods(
        linked.map(
          (e) => [e.dir && !e.privateDir ? e.mode & ~0o022 : mode, [e]] as [number, Entry[]],
        ),
        (e) => e.target as string,
      );
      if (byMode.size === 0) {
        out.push(report(ID, subject, message, byHand));
        continue;
      }
      const repair = {
        describe: fix,
        run: async () => {
          // Every file gets its chmod even when one fails; the first failure is the reason.
          const failures: unknown[] = [];
          for (const [m, list] of byMode)
            for (const e of list)
              await chmodNoFollow(e.path, m, {
                ino: e.ino,
                uid: ctx.uid,
                home: ctx.paths.home,
              }).catch((err: unknown) => failures.push(err));
          if (failures.length > 0) throw failures[0];
        },
      };
      const fixLine = `${fix}   (or: awsid doctor --fix)${byHand ? ` && ${byHand}` : ''}`;
      out.push(report(ID, subject, message, fixLine, repair));
    }
    if (out.length === 0) {
      out.push(
        ok(
          ID,
          'files',
          entries.length
            ? `${entries.length} AWS and awsid files and directories are private to you`
            : 'no AWS or awsid files yet',
        ),
      );
    }
    return out;
  },
};
