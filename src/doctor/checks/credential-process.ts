/**
 * credential-process-unresolvable: a command that works in a terminal but not from an IDE or GUI
 * app, which start the AWS CLI with a short PATH and no shell rc files. botocore runs the command
 * without a shell (shlex split, exec), the JS SDK through /bin/sh (docs/protocol.md, "Spawning and I/O"). Only the
 * program is ever shown: arguments may hold anything. Profiles with the same problem (hundreds of
 * generated ones pointing at a moved awsid) are reported once.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

import { type ShlexToken, shlexSplit } from '../../awsconfig/shlex.js';
import { awsidHint } from '../../core/hints.js';
import { shellQuote } from '../../core/shell-quote.js';
import type { CheckContext } from '../facts.js';
import type { ProfileUse } from '../profile-usage.js';
import { fail, nameList, ok, profileSubject, warn } from '../result.js';
import type { Check, CheckResult, CheckStatus } from '../types.js';

const ID = 'credential-process-unresolvable';

type Found = 'ok' | 'missing' | 'not-executable';

interface Finding {
  /** Same key = same problem: merged across profiles. */
  key: string;
  status: Exclude<CheckStatus, 'ok'>;
  /** `where` is "in [profile p] (line n of ~/.aws/config)" or "in profiles a, b and c". */
  message: (where: string) => string;
  fix: (where: string) => string;
}

function makeProbe() {
  const memo = new Map<string, Promise<Found>>();
  const probe = (path: string): Promise<Found> => {
    let p = memo.get(path);
    if (!p) {
      p = (async () => {
        try {
          const s = await stat(path);
          if (!s.isFile()) return 'not-executable';
          await access(path, constants.X_OK);
          return 'ok';
        } catch (e) {
          return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not-executable';
        }
      })();
      memo.set(path, p);
    }
    return p;
  };
  const which = async (program: string, pathVar: string | undefined) => {
    for (const dir of (pathVar ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, program);
      if ((await probe(candidate)) === 'ok') return candidate;
    }
    return undefined;
  };
  return { probe, which };
}

const SHELL_TOKENS = ['|', '||', '&&', ';', '>', '<', '&'];

/** An absolute program: it must be an executable file, and a script it runs must exist. */
async function absoluteProgramFinding(
  p: ProfileUse,
  tokens: ShlexToken[],
  regenerate: string | undefined,
  fs: ReturnType<typeof makeProbe>,
): Promise<Finding | undefined> {
  const program = tokens[0]?.value as string;
  const found = await fs.probe(program);
  if (found !== 'ok') {
    return {
      key: `${found}:${program}:${regenerate ?? ''}`,
      status: 'fail',
      message: (w) =>
        found === 'missing'
          ? `credential_process ${w} runs ${program}, which does not exist${p.awsid ? ' (awsid moved: an upgrade or another Node version?)' : ''}`
          : `credential_process ${w} runs ${program}, which is not an executable file`,
      fix: (w) =>
        found === 'missing'
          ? (regenerate ?? `correct the path ${w}`)
          : `chmod +x ${shellQuote(program)}`,
    };
  }
  // `/usr/bin/node /path/awsid.js credential-process ...`: the script must exist too.
  const script = tokens
    .slice(1)
    .find((t) => isAbsolute(t.value) && /\.[cm]?js$/.test(t.value))?.value;
  if (script && (await fs.probe(script)) === 'missing') {
    return {
      key: `script:${script}:${regenerate ?? ''}`,
      status: 'fail',
      message: (w) => `credential_process ${w} runs the script ${script}, which does not exist`,
      fix: (w) => regenerate ?? `correct the path ${w}`,
    };
  }
  return undefined;
}

/** A bare program name: on the minimal PATH GUI apps use, only on the shell's, or nowhere. */
async function bareProgramFinding(
  ctx: CheckContext,
  program: string,
  regenerate: string | undefined,
  editTo: (program: string) => (w: string) => string,
  fs: ReturnType<typeof makeProbe>,
): Promise<Finding | undefined> {
  if (await fs.which(program, ctx.minimalPath)) return undefined;
  const viaShell = await fs.which(program, ctx.env.PATH);
  return viaShell
    ? {
        key: `shell-path:${program}:${regenerate ?? ''}`,
        status: 'warn',
        message: (w) =>
          `credential_process ${w} runs "${program}", found only through your shell's PATH (${viaShell}); IDEs and GUI apps start the AWS CLI with PATH=${ctx.minimalPath} and fail with "not found"`,
        fix: editTo(viaShell),
      }
    : {
        key: `not-found:${program}:${regenerate ?? ''}`,
        status: 'fail',
        message: (w) => `credential_process ${w} runs "${program}", which is not on PATH`,
        fix: (w) => regenerate ?? `install ${program}, or write its absolute path ${w}`,
      };
}

async function findings(
  ctx: CheckContext,
  p: ProfileUse,
  fs: ReturnType<typeof makeProbe>,
): Promise<Finding[]> {
  const cp = p.credentialProcess as string;
  const regenerate =
    p.awsid?.generated && p.awsid.session
      ? awsidHint('populate', '--sso-session', p.awsid.session)
      : undefined;
  const editTo = (program: string) => (w: string) =>
    regenerate ?? `${w}, start credential_process with ${program}`;
  const tokens = shlexSplit(cp);
  if (!tokens || tokens.length === 0) {
    return [
      {
        key: 'quote',
        status: 'fail',
        message: (w) => `credential_process ${w} has an unclosed quote: botocore cannot split it`,
        fix: (w) => `close the quote ${w}`,
      },
    ];
  }
  const out: Finding[] = [];
  if (cp.includes('$') || tokens.some((t) => !t.quoted && SHELL_TOKENS.includes(t.value))) {
    out.push({
      key: 'shell',
      status: 'warn',
      message: (w) =>
        `credential_process ${w} uses shell syntax ($VAR, pipes, redirects): the JS SDK runs it through /bin/sh, botocore passes it literally, so the two run different commands`,
      fix: (w) => `wrap it in a script and name the script by its absolute path ${w}`,
    });
  }
  const program = tokens[0]?.value as string;
  if (program.startsWith('~')) {
    const expanded = join(ctx.paths.home, program.slice(1));
    out.push({
      key: `tilde:${program}`,
      status: 'fail',
      message: (w) =>
        `credential_process ${w} starts with "~": the JS SDK's shell expands it, botocore (the AWS CLI) does not and fails with FileNotFoundError`,
      fix: editTo(expanded),
    });
    return out;
  }
  if (isAbsolute(program)) {
    const found = await absoluteProgramFinding(p, tokens, regenerate, fs);
    if (found) out.push(found);
    return out;
  }
  if (program.includes('/')) {
    out.push({
      key: `relative:${program}`,
      status: 'fail',
      message: (w) =>
        `credential_process ${w} runs ${program}, a path relative to whatever directory the calling tool runs in`,
      fix: editTo('an absolute path'),
    });
    return out;
  }
  const found = await bareProgramFinding(ctx, program, regenerate, editTo, fs);
  if (found) out.push(found);
  return out;
}

export const credentialProcessCheck: Check<CheckContext> = {
  id: ID,
  async run(ctx) {
    const where = ctx.facts.show((await ctx.facts.config()).path);
    const profiles = (await ctx.facts.profiles()).filter(
      (p) => p.credentialProcess !== undefined && ctx.facts.profileInScope(p),
    );
    const fs = makeProbe();
    const groups = new Map<string, { finding: Finding; profiles: ProfileUse[] }>();
    for (const p of profiles) {
      for (const f of await findings(ctx, p, fs)) {
        const g = groups.get(f.key) ?? { finding: f, profiles: [] };
        g.profiles.push(p);
        groups.set(f.key, g);
      }
    }
    const out: CheckResult[] = [];
    for (const { finding, profiles: ps } of groups.values()) {
      const one = ps.length === 1 ? ps[0] : undefined;
      const w = one
        ? `in [profile ${one.name}] (line ${one.line} of ${where})`
        : `in profiles ${nameList(ps.map((x) => x.name))}`;
      const subject = one ? profileSubject(one.name) : 'profiles';
      out.push(
        (finding.status === 'fail' ? fail : warn)(ID, subject, finding.message(w), finding.fix(w)),
      );
    }
    if (out.length === 0 && profiles.length > 0) {
      out.push(
        ok(
          ID,
          'profiles',
          `${profiles.length === 1 ? 'the credential_process command resolves' : `all ${profiles.length} credential_process commands resolve`} without your shell's PATH`,
        ),
      );
    }
    return out;
  },
};
