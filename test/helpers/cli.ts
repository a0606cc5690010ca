/**
 * Runs the BUILT awsid (bin/awsid.js -> dist/) as a child process with a temp HOME, no stdin and
 * the endpoint variables pointing at the fake Identity Center. Async spawn: the fake lives in this
 * process and must keep answering while the child runs.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const awsidBin = join(repoRoot, 'bin/awsid.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  home: string;
  tmp: string;
  configFile: string;
  browserLog: string;
  env: Record<string, string>;
  writeConfig(text: string): Promise<void>;
  run(args: string[], extraEnv?: Record<string, string | undefined>): Promise<CliResult>;
  /** URLs the fake browser was asked to open. */
  openedUrls(): Promise<string[]>;
  /** Every file under HOME and TMPDIR whose bytes contain one of `secrets`. */
  filesContaining(secrets: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Environment variables of the parent that must not leak into the child. */
const SCRUB = /^(AWS_|AWSID_|DBUS_|XDG_|BROWSER$|DISPLAY$|WAYLAND_DISPLAY$|HOME$|TMPDIR$)/;

export async function createSandbox(base: Record<string, string> = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'awsid-e2e-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  await mkdir(join(home, '.aws'), { recursive: true });
  await mkdir(tmp, { recursive: true });
  const browserLog = join(root, 'browser.log');
  const browser = join(root, 'fake-browser.sh');
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${browserLog}'\n`);
  await chmod(browser, 0o755);
  const configFile = join(home, '.aws', 'config');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !SCRUB.test(k)),
  ) as Record<string, string>;
  const env: Record<string, string> = {
    ...inherited,
    HOME: home,
    TMPDIR: tmp,
    BROWSER: browser,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...base,
  };
  const sb: Sandbox = {
    home,
    tmp,
    configFile,
    browserLog,
    env,
    writeConfig: (text) => writeFile(configFile, text),
    run: (args, extraEnv = {}) =>
      new Promise((resolve, reject) => {
        const childEnv: Record<string, string> = { ...env };
        for (const [k, v] of Object.entries(extraEnv)) {
          if (v === undefined) delete childEnv[k];
          else childEnv[k] = v;
        }
        const child = spawn(process.execPath, [awsidBin, ...args], {
          env: childEnv,
          cwd: home,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    openedUrls: async () => {
      try {
        return (await readFile(browserLog, 'utf8')).split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    filesContaining: async (secrets) => {
      const hits: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const p = join(dir, entry.name);
          if (entry.isDirectory()) await walk(p);
          else if (entry.isFile() || (await stat(p)).isFile()) {
            const bytes = await readFile(p);
            if (secrets.some((s) => bytes.includes(s))) hits.push(p);
          }
        }
      };
      await walk(home);
      await walk(tmp);
      return hits;
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
  return sb;
}
