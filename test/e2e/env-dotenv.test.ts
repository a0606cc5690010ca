/**
 * `awsid env --format dotenv` with a hostile `region` in the config: nothing is written (the file
 * a user sources with `set -a; source FILE` can run nothing), the error names the variable, on
 * the fast path (daemon) and in-process alike. Real credentials are written bare and read back
 * the same by `source` and by a literal reader (docker's --env-file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

describe('env --format dotenv', () => {
  let w: World;
  let marker: string;

  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'dotenv-test-passphrase' },
    });
    marker = join(w.sb.tmp, 'pwned');
    await w.sb.writeConfig(
      `${CORP_DEV_CONFIG}\n[profile evil]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\nregion = $(touch ${marker})\n`,
    );
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => w?.close());

  it('refuses a region outside the safe set, naming the variable; sourcing the output runs nothing', async () => {
    for (const extra of [[], ['--auto-login']]) {
      const r = await w.sb.run(['env', '--profile', 'evil', '--format', 'dotenv', ...extra]);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(
        'awsid: AWS_REGION has a character dotenv readers disagree on (only A-Za-z0-9+/=._:- are written); refusing to write it',
      );
      const file = join(w.sb.tmp, 'evil.env');
      await writeFile(file, r.stdout);
      spawnSync('bash', ['-c', 'set -a; source "$1"', 'sh', file]);
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('writes real credentials bare: `source` and a literal reader get the same values', async () => {
    const r = await w.sb.run(['env', '--profile', 'dev', '--format', 'dotenv']);
    expect(r.code, r.stderr).toBe(0);
    const file = join(w.sb.tmp, 'dev.env');
    await writeFile(file, r.stdout);
    const literal = Object.fromEntries(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(literal).toMatchObject({ AWS_REGION: 'eu-west-1' });
    const sourced = spawnSync('bash', ['-c', 'set -a; source "$1"; env -0', 'sh', file], {
      encoding: 'utf8',
    });
    const seen = Object.fromEntries(
      sourced.stdout
        .split('\0')
        .filter((kv) => kv.startsWith('AWS_'))
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    for (const [k, v] of Object.entries(literal)) expect(seen[k], k).toBe(v);
  });
});
