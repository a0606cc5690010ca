/**
 * Installing awsid like any CLI: `npm pack` of a copy of this checkout (its `prepare` builds dist),
 * `npm install -g` of the tarball into an empty prefix, through a loopback registry that serves the
 * locked dependencies from the npm cache (test/helpers/loopback-registry.ts; nothing beyond
 * 127.0.0.1), then the installed `awsid` logs in against the fake Identity Center, answers the
 * hot path, prints a completion script bash accepts and completes with, and writes the optional
 * user service whose daemon serves the installing shell's world.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { lstat, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { repoRoot, type CliResult } from '../helpers/cli.js';
import { CORP_CREDENTIAL_PROCESS as CP, CORP_DEV_CONFIG } from '../helpers/corp.js';
import { keychainSkipReason } from '../helpers/keyring.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { startWorld, type World } from '../helpers/world.js';

const reason = keychainSkipReason('the install end-to-end test (login with the installed awsid)');
const SLOW = 240_000;

/** Async: the loopback registry and the fake live in this process and must keep answering. */
function sh(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${cmd} ${args.join(' ')}: ${code}\n${stderr}`)),
    );
  });
}

/** A copy of the checkout's files (tracked and new, not ignored) with node_modules linked in. */
async function stageCheckout(dir: string): Promise<void> {
  const files = (
    await sh('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: repoRoot,
      env: process.env,
    })
  )
    .split('\0')
    .filter((f) => f && existsSync(join(repoRoot, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(repoRoot, f), join(dir, f));
  }
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(dir, 'node_modules'));
}

describe.skipIf(reason)('awsid installed from a tarball', () => {
  let root: string;
  let prefix: string;
  let tarballFiles: string[];
  let world: World;
  let awsid: (args: string[], env?: Record<string, string | undefined>) => Promise<CliResult>;
  let shellEnv: Record<string, string>;
  let npmEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'awsid-install-'));
    const stage = join(root, 'stage');
    prefix = join(root, 'prefix');
    await writeFile(join(root, 'npmrc'), '');
    // npm's own settings: no user npmrc, a registry nobody listens on unless set below.
    npmEnv = {
      ...process.env,
      npm_config_userconfig: join(root, 'npmrc'),
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: join(root, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    await stageCheckout(stage);
    // --json: the file list on stdout; the prepare step's build prints to stderr (--foreground-scripts off).
    const packed = JSON.parse(
      await sh('npm', ['pack', '--json', '--pack-destination', root], { cwd: stage, env: npmEnv }),
    ) as { filename: string; files: { path: string }[] }[];
    tarballFiles = packed[0]!.files.map((f) => f.path).sort();
    // The cache `npm ci` filled (the user's, not the private one npmEnv gives this test's npm).
    const userCache = (
      await sh('npm', ['config', 'get', 'cache'], { cwd: root, env: process.env })
    ).trim();
    const registry = await startLoopbackRegistry(join(repoRoot, 'package-lock.json'), userCache);
    try {
      await sh('npm', ['install', '-g', '--prefix', prefix, join(root, packed[0]!.filename)], {
        cwd: root,
        env: { ...npmEnv, npm_config_registry: `${registry.url}/` },
      });
    } catch (e) {
      // Optional platform packages are never in the cache; anything else missing is the cause.
      const missing = registry.misses.filter((m) => !m.startsWith('@napi-rs/keyring-'));
      throw new Error(`${(e as Error).message}\nnot in ${userCache}: ${missing.join(', ')}`);
    } finally {
      await registry.close();
    }
    world = await startWorld({ keychain: true, config: CORP_DEV_CONFIG });
    shellEnv = {
      ...world.sb.env,
      PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: join(root, 'xdg-config'),
    };
    awsid = (args, env = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(join(prefix, 'bin', 'awsid'), args, {
          env: Object.fromEntries(
            Object.entries({ ...shellEnv, ...env }).filter(([, v]) => v !== undefined),
          ),
          cwd: world.sb.home,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
  }, SLOW);

  afterAll(async () => {
    await awsid?.(['daemon', 'stop']).catch(() => undefined);
    await world?.close();
    if (root) await rm(root, { recursive: true, force: true });
  }, SLOW);

  it('packs what bin/awsid.js needs (dist built by prepare) and nothing of the tests', () => {
    for (const f of [
      'bin/awsid.js',
      'bin/package.json',
      'dist/bin/awsid.js',
      'dist/cli/parser.js',
      'dist/fast/credential-process.cjs',
      'dist/build-id.json',
      'package.json',
      'README.md',
    ]) {
      expect(tarballFiles).toContain(f);
    }
    const stray = tarballFiles.filter(
      (f) => /^(src|test|scripts|docs)\//.test(f) || /\.test\.|\.ts$|\.map$/.test(f),
    );
    expect(stray).toEqual([]);
  });

  it('logs in and serves the hot path from the installed copy', async () => {
    const bin = realpathSync(join(prefix, 'bin', 'awsid'));
    expect(bin).toBe(join(prefix, 'lib', 'node_modules', 'awsid', 'bin', 'awsid.js'));
    const login = await awsid(['login', '--sso-session', 'corp', '--no-browser']);
    expect(login.stderr).not.toMatch(/internal error/);
    expect(login.code).toBe(0);
    for (let i = 0; i < 2; i++) {
      const r = await awsid(CP);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { Version: number; SecretAccessKey: string };
      expect(doc.Version).toBe(1);
      expect(world.fake.issuedSecrets()).toContain(doc.SecretAccessKey);
    }
  });

  it('prints a completion script bash accepts and completes commands and profiles with', async () => {
    const marker = join(root, 'PWNED');
    await world.sb.writeConfig(
      `${CORP_DEV_CONFIG}\n[profile prod.admin]\nregion = eu-west-1\n\n[profile $(touch${'${IFS}'}${marker})]\nregion = eu-west-1\n`,
    );
    const script = await awsid(['completion'], { SHELL: '/bin/bash' });
    expect(script.code).toBe(0);
    const file = join(root, 'awsid.bash');
    await writeFile(file, script.stdout);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const complete = async (words: string[]) =>
      (
        await sh(
          'bash',
          [
            '-c',
            `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _awsid_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`,
            'complete',
            file,
            ...words,
          ],
          { cwd: root, env: shellEnv },
        )
      )
        .split('\n')
        .filter(Boolean);
    expect(await complete(['awsid', 'lo'])).toEqual(['login', 'logout', 'lock']);
    expect(await complete(['awsid', 'exec', '--profile', ''])).toEqual(['dev', 'prod.admin']);
    expect(await complete(['awsid', 'login', '--sso-session', 'c'])).toEqual(['corp']);
    expect(await complete(['awsid', 'daemon', 'in'])).toEqual(['install']);
    expect(existsSync(marker)).toBe(false);
    const zsh = await awsid(['completion'], { SHELL: '/usr/bin/zsh' });
    expect(zsh.stdout).toMatch(/^#compdef awsid/);
    await writeFile(join(root, 'awsid.zsh'), zsh.stdout);
    const zshCheck = spawnSync('zsh', ['-n', join(root, 'awsid.zsh')]);
    if (zshCheck.error)
      console.warn(`not checking the zsh script's syntax: ${zshCheck.error.message}`);
    else expect(zshCheck.status).toBe(0);
    await world.sb.writeConfig(CORP_DEV_CONFIG);
  });

  it('daemon install writes a user unit whose daemon is the one this shell finds', async () => {
    const unitPath = join(root, 'xdg-config', 'systemd', 'user', 'awsid.service');
    const r = await awsid(['daemon', 'install']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${unitPath}`);
    expect(r.stdout).toContain(
      'systemctl --user daemon-reload && systemctl --user enable --now awsid.service',
    );
    expect((await stat(unitPath)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(unitPath))).mode & 0o777).toBe(0o700);
    const unit = await readFile(unitPath, 'utf8');
    const words = [.../^ExecStart=(.*)$/m.exec(unit)![1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
      (m) => m[1]!,
    );
    expect(words.slice(1)).toEqual([
      join(prefix, 'lib', 'node_modules', 'awsid', 'bin', 'awsid.js'),
      'daemon',
      'run',
      '--idle-minutes',
      '60',
    ]);
    expect(unit).toContain(`Environment="AWS_ENDPOINT_URL_SSO_OIDC=${world.fake.url}"`);
    // Start it the way the service manager would: its own environment, then the unit's.
    const managerEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: homedir(),
      XDG_RUNTIME_DIR: join(root, 'manager-runtime'),
    };
    for (const m of unit.matchAll(/^Environment="([^=]+)=(.*)"$/gm)) managerEnv[m[1]!] = m[2]!;
    for (const name of /^UnsetEnvironment=(.*)$/m.exec(unit)?.[1]?.split(' ') ?? []) {
      delete managerEnv[name];
    }
    // The daemon the hot path started earlier serves this world; the unit's would exit 10 beside it.
    await awsid(['daemon', 'stop']);
    const daemon = spawn(words[0]!, words.slice(1), { env: managerEnv, stdio: 'ignore' });
    try {
      let status: CliResult | undefined;
      for (let i = 0; i < 100 && status?.code !== 0; i++) {
        status = await awsid(['daemon', 'status', '--json']);
        if (status.code !== 0) await new Promise((res) => setTimeout(res, 100));
      }
      expect(status?.code).toBe(0);
      expect((JSON.parse(status!.stdout) as { pid: number }).pid).toBe(daemon.pid);
    } finally {
      await awsid(['daemon', 'stop']);
      daemon.kill();
    }
    expect((await awsid(['daemon', 'install'])).stdout).toContain('is up to date');
    await writeFile(unitPath, '[Service]\nExecStart=/bin/true\n');
    const refused = await awsid(['daemon', 'install']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was not written by awsid');
    expect(refused.stderr).toContain('run: awsid daemon install --force');
    expect(await readFile(unitPath, 'utf8')).toBe('[Service]\nExecStart=/bin/true\n');
    expect((await awsid(['daemon', 'install', '--force'])).code).toBe(0);
    const removed = await awsid(['daemon', 'install', '--uninstall']);
    expect(removed.stdout).toContain(`removed ${unitPath}`);
    expect(await lstat(unitPath).catch(() => undefined)).toBeUndefined();
    expect((await awsid(['daemon', 'install', '--uninstall'])).stdout).toContain(
      'nothing to remove',
    );
  });

  it('uninstalls as the README says: awsid uninstall, then npm uninstall -g', async () => {
    const stateDir = join(world.sb.home, '.local', 'state', 'awsid');
    const keychainItems = () => world.kr!.search('service', 'awsid');
    expect(keychainItems()).toContain(`attribute.username = data-key:${stateDir}`);
    const r = await awsid(['uninstall']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Logged out of sso-session 'corp'");
    expect(r.stderr).toContain(`removed the keychain item awsid/data-key:${stateDir}`);
    await sh('npm', ['uninstall', '-g', '--prefix', prefix, 'awsid'], { cwd: root, env: npmEnv });
    expect(existsSync(join(prefix, 'bin', 'awsid'))).toBe(false);
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'awsid'))).toBe(false);
    // Nothing remains: no state directory, no keychain item (service awsid).
    expect(existsSync(stateDir)).toBe(false);
    expect(keychainItems()).not.toContain('attribute.service = awsid');
  });
});
