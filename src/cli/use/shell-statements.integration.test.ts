import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { STATEMENTS_MARKER, type UseShell, useStatements } from './shell-statements.js';

const missing = (shell: string) =>
  spawnSync(shell, ['-c', 'exit 0']).status === 0
    ? undefined
    : `${shell} is not installed (apt-get install -y ${shell})`;
const SHELLS: Array<[UseShell, string | undefined]> = [
  ['bash', missing('bash')],
  ['zsh', missing('zsh')],
  ['fish', missing('fish')],
];
for (const [shell, why] of SHELLS) if (why) console.warn(`skipping ${shell}: ${why}`);

const HOSTILE = `a'b "c" $(touch pwned) \`id\` \\ ; x\nnext`;

/** Evaluates the statements in a real shell and prints the three variables. */
function evalIn(shell: UseShell, statements: string, env: Record<string, string> = {}) {
  const show =
    shell === 'fish'
      ? 'printf "%s|" "$AWS_PROFILE" "$AWSID_PREVIOUS_PROFILE" (set -q AWS_ACCESS_KEY_ID; and echo set; or echo unset)'
      : 'printf "%s|" "${AWS_PROFILE-none}" "${AWSID_PREVIOUS_PROFILE-none}" "${AWS_ACCESS_KEY_ID+set}"';
  const script = `${shell === 'fish' ? 'echo $argv[1] | source' : 'eval "$1"'}\n${show}`;
  const args =
    shell === 'fish'
      ? ['--no-config', '-c', script, statements]
      : ['-c', script, shell, statements];
  const r = spawnSync(shell, args, {
    encoding: 'utf8',
    cwd: '/tmp',
    env: { PATH: process.env.PATH, HOME: '/nonexistent', AWSID_PREVIOUS_PROFILE: 'old', ...env },
  });
  return r.stdout;
}

describe('useStatements', () => {
  it('starts with the marker line the shell function checks', () => {
    const text = useStatements('bash', { profile: 'dev', previous: undefined, unset: [] });
    expect(text.split('\n')[0]).toBe(STATEMENTS_MARKER);
    expect(text).toBe(
      `${STATEMENTS_MARKER}\nexport AWS_PROFILE=dev\nunset AWSID_PREVIOUS_PROFILE\n`,
    );
  });

  for (const [shell, why] of SHELLS) {
    it.skipIf(why)(`${shell} gets any profile name back verbatim and runs nothing in it`, () => {
      const text = useStatements(shell, {
        profile: HOSTILE,
        previous: `prev ${HOSTILE}`,
        unset: ['AWS_ACCESS_KEY_ID'],
      });
      const out = evalIn(shell, text, { AWS_ACCESS_KEY_ID: 'AKIDSTATIC' });
      const [profile, previous, key] = out.split('|');
      expect(profile).toBe(HOSTILE);
      expect(previous).toBe(`prev ${HOSTILE}`);
      expect(key === '' || key === 'unset').toBe(true);
    });

    it.skipIf(why)(`${shell}: --clear unsets AWS_PROFILE`, () => {
      const text = useStatements(shell, { profile: undefined, previous: 'dev', unset: [] });
      const [profile, previous] = evalIn(shell, text, { AWS_PROFILE: 'dev' }).split('|');
      expect(profile).toBe(shell === 'fish' ? '' : 'none');
      expect(previous).toBe('dev');
    });
  }
});
