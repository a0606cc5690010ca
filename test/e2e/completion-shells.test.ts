/**
 * Completion in the real shells: the scripts `awsid completion` prints are loaded into bash, zsh
 * and fish, which then ask the built awsid (an `awsid` on PATH) for `awsid use <TAB>` and
 * `--profile <TAB>`. zsh runs the script's function with a stand-in `_describe` (compsys needs a
 * terminal); bash and fish run their own completion machinery.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { awsidBin, createSandbox, type Sandbox } from '../helpers/cli.js';
import { CORP_DEV_CONFIG } from '../helpers/corp.js';

const CONFIG = `${CORP_DEV_CONFIG}\n[profile prod.admin]\nregion = eu-west-1\n\n[profile sandbox]\nregion = eu-west-1\n`;
const PROFILES = ['dev', 'prod.admin', 'sandbox'];

describe('completion scripts in bash, zsh and fish', () => {
  let sb: Sandbox;
  let env: Record<string, string>;
  const scripts: Record<string, string> = {};

  const shell = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { env, cwd: sb.home, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean).sort();
  };

  beforeAll(async () => {
    sb = await createSandbox({ AWSID_SECRET_STORE: 'memory' });
    await sb.writeConfig(CONFIG);
    const bin = join(sb.tmp, 'bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'awsid'),
      `#!/bin/sh\nexec '${process.execPath}' '${awsidBin}' "$@"\n`,
    );
    await chmod(join(bin, 'awsid'), 0o755);
    env = { ...sb.env, PATH: `${bin}:${sb.env.PATH ?? ''}` };
    for (const [name, args, shellPath] of [
      ['bash', ['completion'], '/bin/bash'],
      ['zsh', ['completion'], '/usr/bin/zsh'],
      ['fish', ['completion', 'fish'], '/bin/bash'],
    ] as const) {
      const r = await sb.run([...args], { SHELL: shellPath });
      expect(r.code, r.stderr).toBe(0);
      scripts[name] = join(sb.tmp, `awsid.${name}`);
      await writeFile(scripts[name], r.stdout);
    }
  }, 60_000);
  afterAll(async () => sb?.close());

  it('awsid completion fish prints a fish script (and so does a fish $SHELL)', async () => {
    const r = await sb.run(['completion'], { SHELL: '/usr/bin/fish' });
    expect(r.stdout).toMatch(/^# awsid completion for fish\n/);
    expect(r.stdout).toContain("complete -c awsid -f -a '(__awsid_completions)'");
    expect(spawnSync('fish', ['--no-execute', scripts.fish!]).status).toBe(0);
  });

  it('bash: awsid use <TAB> offers the profiles, as --profile does', () => {
    const complete = (...words: string[]) =>
      shell('bash', [
        '-c',
        `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _awsid_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`,
        'complete',
        scripts.bash!,
        ...words,
      ]);
    expect(complete('awsid', 'use', '')).toEqual(PROFILES);
    expect(complete('awsid', 'use', 'pr')).toEqual(['prod.admin']);
    expect(complete('awsid', 'exec', '--profile', 's')).toEqual(['sandbox']);
  });

  it('zsh: the same through the zsh script', () => {
    const complete = (...words: string[]) =>
      shell('zsh', [
        '-c',
        // compdef and _describe come from compsys; stand-ins that print what zsh would offer.
        `compdef() { : }; _describe() { print -l -- \${(P)2}; }; source "$1"; shift; words=("$@"); CURRENT=$#; BUFFER="$*"; CURSOR=\${#BUFFER}; _awsid_yargs_completions`,
        'complete',
        scripts.zsh!,
        ...words,
      ]);
    expect(complete('awsid', 'use', '')).toEqual(PROFILES);
    expect(complete('awsid', 'exec', '--profile', '')).toEqual(PROFILES);
  });

  it('fish: complete -C asks awsid through the fish script', () => {
    const complete = (line: string) =>
      shell('fish', ['--no-config', '-c', `source $argv[1]; complete -C '${line}'`, scripts.fish!]);
    expect(complete('awsid use ')).toEqual(PROFILES);
    expect(complete('awsid use pr')).toEqual(['prod.admin']);
    expect(complete('awsid exec --profile s')).toEqual(['sandbox']);
    expect(complete('awsid lo')).toEqual(['lock', 'login', 'logout']);
  });
});
