/**
 * Runs the BUILT awsid (bin/awsid.js -> dist/) as a child process with a temp HOME, no stdin and
 * the endpoint variables pointing at the fake Identity Center. Async spawn: the fake lives in this
 * process and must keep answering while the child runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeFakeBrowser } from './fake-browser.js';

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
  /** Like `run`, with the child at hand (to signal it) while it runs. */
  start(args: string[], extraEnv?: Record<string, string | undefined>): Running;
  /** URLs the fake browser was asked to open. */
  openedUrls(): Promise<string[]>;
  /** Pages the fake browser followed to on 127.0.0.1: `<status> <h1 text>` (or `forged <status>`). */
  browserPages(): Promise<string[]>;
  /** Every file under HOME and TMPDIR whose bytes contain one of `secrets`. */
  filesContaining(secrets: string[]): Promise<string[]>;
  close(): Promise<void>;
}

export interface Running {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Environment variables of the parent that must not leak into the child. */
const SCRUB =
  /^(AWS_|AWSID_|DBUS_|XDG_|SSH_|WSL_|BROWSER$|DISPLAY$|WAYLAND_DISPLAY$|HOME$|TMPDIR$|container$)/;

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** A spawned child's exit code and everything it wrote (stdout and stderr must be pipes). */
export function collectOutput(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function createSandbox(base: Record<string, string> = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'awsid-e2e-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  await mkdir(join(home, '.aws'), { recursive: true });
  await mkdir(tmp, { recursive: true });
  const fb = await writeFakeBrowser(root);
  const browserLog = fb.urlLog;
  const configFile = join(home, '.aws', 'config');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !SCRUB.test(k)),
  ) as Record<string, string>;
  const env: Record<string, string> = {
    ...inherited,
    HOME: home,
    TMPDIR: tmp,
    BROWSER: fb.command,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...base,
  };
  const start = (args: string[], extraEnv: Record<string, string | undefined>): Running => {
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
    return { child, done: collectOutput(child) };
  };
  const sb: Sandbox = {
    home,
    tmp,
    configFile,
    browserLog,
    env,
    writeConfig: (text) => writeFile(configFile, text),
    run: (args, extraEnv = {}) => start(args, extraEnv).done,
    start: (args, extraEnv = {}) => start(args, extraEnv),
    openedUrls: () => readLines(browserLog),
    browserPages: () => readLines(fb.pagesLog),
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
