/**
 * A config another user could replace is refused before anything is read or written: setup,
 * populate and adopt exit 4 with one line and the chown/chmod that fixes it, doctor reports it,
 * and the file is left byte for byte. As root (CI) the CLI runs as `nobody` and "another user" is
 * uid 1 (daemon); otherwise only the group-writable case can be built.
 */
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { binForNobody, isRoot, NOBODY, runAsUser } from '../helpers/as-nobody.js';
import { awsidBin } from '../helpers/cli.js';
import { CORP_CONFIG } from '../helpers/corp.js';

const OTHER = 1;
const me = isRoot ? 'nobody' : userInfo().username;

const COMMANDS: [string, string[]][] = [
  [
    'setup',
    [
      'setup',
      '--sso-session',
      'corp',
      '--start-url',
      'https://d-fake000001.awsapps.com/start',
      '--region',
      'eu-west-1',
      '--no-login',
    ],
  ],
  ['populate', ['populate', '--sso-session', 'corp']],
  ['adopt', ['adopt', '--all']],
];

describe('a config another user could replace', () => {
  let root: string;
  let home: string;
  let cli: { bin: string; copy?: string } = { bin: awsidBin };

  beforeAll(async () => {
    if (isRoot) cli = await binForNobody();
  });
  afterAll(async () => {
    if (cli.copy) await rm(cli.copy, { recursive: true, force: true });
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'awsid-trust-'));
    await chmod(root, 0o755);
    home = join(root, 'home');
    await mkdir(join(home, '.aws'), { recursive: true, mode: 0o700 });
    if (isRoot) for (const p of [home, join(home, '.aws')]) await chown(p, NOBODY, NOBODY);
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const run = (args: string[], config: string) =>
    runAsUser(
      cli.bin,
      args,
      { HOME: home, AWS_CONFIG_FILE: config, AWSID_SECRET_STORE: 'memory' },
      root,
    );

  async function configAt(path: string, mode: number): Promise<void> {
    await writeFile(path, CORP_CONFIG, { mode });
    await chmod(path, mode);
    if (isRoot) await chown(path, NOBODY, NOBODY);
  }

  async function expectRefused(config: string, line: string, fix: string): Promise<void> {
    for (const [name, args] of COMMANDS) {
      const r = await run(args, config);
      expect({ name, code: r.code, stderr: r.stderr }).toEqual({
        name,
        code: 4,
        stderr: `awsid: ${line}\n  run: ${fix}\n`,
      });
      expect(await readFile(config, 'utf8')).toBe(CORP_CONFIG);
    }
    const doctor = await run(['doctor', '--offline'], config);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(line);
    expect(doctor.stdout).toContain(fix);
    expect(await readFile(config, 'utf8')).toBe(CORP_CONFIG);
  }

  it.skipIf(!isRoot)('in a directory another user made first (a fixed /tmp path)', async () => {
    const demo = join(root, 'demo');
    await mkdir(demo, { mode: 0o755 });
    await chown(demo, OTHER, OTHER);
    const config = join(demo, 'config');
    await configAt(config, 0o600);
    await expectRefused(
      config,
      `refusing ${config}: its directory ${demo} belongs to uid ${OTHER}, not to you or root, who could replace the config`,
      `sudo chown ${me} ${demo}`,
    );
  });

  it('a group-writable config file', async () => {
    const config = join(home, '.aws', 'config');
    await configAt(config, 0o660);
    await expectRefused(
      config,
      `refusing ~/.aws/config: it is writable by its group (mode 0660), who could replace the config`,
      `chmod go-w ${config}`,
    );
  });

  it('a private config in a root-owned directory is used as before', async () => {
    // The directories above it are root's (/tmp, the test's root): trusted, as OpenSSH does.
    const config = join(home, '.aws', 'config');
    await configAt(config, 0o600);
    const r = await run(COMMANDS[0]![1], config);
    expect(r.stderr).toContain('[sso-session corp]');
    expect(r.code).toBe(0);
  });
});
