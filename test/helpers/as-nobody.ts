/**
 * Running the built awsid as `nobody` (setpriv) when the tests run as root, since root ignores
 * file modes. A checkout inside a private directory (`mktemp -d` makes 0700 ones) is out of
 * nobody's reach: then a copy of what the CLI loads (bin, dist, node_modules; hard links where
 * the file system allows) goes into a 0755 temp directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { awsidBin, type CliResult, collectOutput, repoRoot } from './cli.js';

export const NOBODY = 65534;
export const isRoot = process.getuid?.() === 0;
export const AS_NOBODY = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];

export async function binForNobody(): Promise<{ bin: string; copy?: string }> {
  const probe = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'test', '-r', awsidBin]);
  if (probe.status === 0) return { bin: awsidBin };
  const copy = await mkdtemp(join(tmpdir(), 'awsid-perm-cli-'));
  await chmod(copy, 0o755);
  for (const part of ['bin', 'dist', 'node_modules', 'package.json']) {
    const from = join(repoRoot, part);
    if (spawnSync('cp', ['-al', from, copy]).status !== 0) {
      const r = spawnSync('cp', ['-r', from, copy]);
      if (r.status !== 0) throw new Error(`cannot copy ${from}: ${r.stderr.toString()}`);
    }
  }
  return { bin: join(copy, 'bin', 'awsid.js'), copy };
}

/** The CLI at `bin` with only `env` (plus PATH), as nobody when root, else as this user. */
export function runAsUser(
  bin: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<CliResult> {
  const [cmd, ...rest] = [...(isRoot ? AS_NOBODY : []), process.execPath, bin, ...args];
  const child = spawn(cmd!, rest, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectOutput(child);
}
