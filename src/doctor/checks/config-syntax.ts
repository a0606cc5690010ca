/**
 * config-syntax (and config-missing): lines botocore refuses or the JS SDK reads differently
 * (docs/protocol.md, "Section headers", "Line syntax"; via src/awsconfig), duplicate sections in
 * ~/.aws/credentials (botocore refuses those too), and `[profile x]` there, which names a profile
 * called "profile x".
 */
import type { CheckContext } from '../facts.js';
import { fail, ok, plural, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

const SETUP = 'awsid setup --sso-session NAME --start-url URL --region REGION';

async function credentialsProblems(ctx: CheckContext): Promise<CheckResult[]> {
  const creds = await ctx.facts.credentials();
  const shown = ctx.facts.show(creds.path);
  if (creds.readError) {
    return [
      fail(
        'config-syntax',
        shown,
        `${shown} cannot be read (${creds.readError})`,
        `ls -l ${shown}`,
      ),
    ];
  }
  const out: CheckResult[] = [];
  const first = new Map<string, number>();
  for (const s of creds.sections) {
    const seen = first.get(s.name);
    if (seen !== undefined) {
      out.push(
        fail(
          'config-syntax',
          shown,
          `line ${s.line}: [${s.name}] appears again (first on line ${seen}); botocore refuses the file`,
          `merge the two [${s.name}] sections of ${shown} into one`,
        ),
      );
    } else first.set(s.name, s.line);
    const m = /^profile\s+(.+)$/.exec(s.name);
    if (m) {
      out.push(
        warn(
          'config-syntax',
          shown,
          `line ${s.line}: [${s.name}] in the credentials file is a profile named "${s.name}", not "${m[1]}" (no "profile " prefix in this file)`,
          `rename it to [${m[1]}] on line ${s.line} of ${shown}`,
        ),
      );
    }
  }
  return out;
}

export const configSyntaxCheck: Check<CheckContext> = {
  id: 'config-syntax',
  async run(ctx) {
    const cfg = await ctx.facts.config();
    const shown = ctx.facts.show(cfg.path);
    const out: CheckResult[] = [];
    if (cfg.readError) {
      out.push(fail('config-syntax', shown, `${shown}: ${cfg.readError}`, `ls -l ${shown}`));
    } else if (!cfg.exists) {
      out.push(
        warn(
          'config-missing',
          shown,
          `${shown} does not exist: no sso-session and no profile is configured`,
          SETUP,
        ),
      );
    }
    for (const p of cfg.problems) {
      const report = p.severity === 'error' ? fail : warn;
      out.push(
        report(
          'config-syntax',
          shown,
          `line ${p.line}: ${p.message}`,
          `edit line ${p.line} of ${shown}`,
        ),
      );
    }
    out.push(...(await credentialsProblems(ctx)));
    if (out.length === 0) {
      out.push(
        ok(
          'config-syntax',
          shown,
          `${plural(cfg.profiles.size, 'profile')} and ${plural(cfg.ssoSessions.size, 'sso-session')}; botocore and the JS SDK read the file alike`,
        ),
      );
    }
    return out;
  },
};
