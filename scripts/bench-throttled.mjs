// The set-up bench:populate and bench:access share: the BUILT awsid against the fake Identity
// Center with `--accounts` x `--roles` assignments and a portal throttled to `--rps` requests/s
// (token bucket, burst = one second), a temp HOME with `[sso-session bench]`, logged in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { register } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/awsid.js');
const PORTAL_OPS = new Set(['ListAccounts', 'ListAccountRoles']);

/** @param {string} name the benchmark's name, for its messages */
export async function throttledBench(name) {
  if (!existsSync(join(root, 'dist/bin/awsid.js'))) {
    console.error(`${name}: run \`npm run build\` first`);
    process.exit(2);
  }
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '1000' },
      roles: { type: 'string', default: '3' },
      rps: { type: 'string', default: '50' },
    },
  });
  const accounts = Number(values.accounts);
  const roles = Number(values.roles);
  const rps = Number(values.rps);

  register();
  const { startFakeIdc, generateAccounts } = await import('../test/fake-idc/index.ts');
  const fake = await startFakeIdc({
    accounts: generateAccounts(accounts, roles),
    throttle: { portalRps: rps },
    person: { kind: 'approve', afterPolls: 0 },
    intervalSec: 1,
  });
  const dir = await mkdtemp(join(tmpdir(), 'awsid-bench-'));
  const home = join(dir, 'home');
  await mkdir(join(home, '.aws'), { recursive: true });
  const configFile = join(home, '.aws', 'config');
  await writeFile(
    configFile,
    '[sso-session bench]\nsso_start_url = https://d-bench00001.awsapps.com/start\nsso_region = us-east-1\n',
  );
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: dir,
    AWSID_SECRET_STORE: 'passphrase',
    AWSID_PASSPHRASE: 'bench',
    AWS_ENDPOINT_URL_SSO: fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BROWSER: 'true',
  };

  /**
   * @param {readonly string[]} args
   * @returns {Promise<{ code: number | null, stdout: string, stderr: string, ms: number }>}
   */
  function run(args) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [bin, ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
    });
  }

  const login = await run(['login', '--sso-session', 'bench', '--no-browser']);
  if (login.code !== 0) throw new Error(`login failed:\n${login.stderr}`);

  // What the throttle imposes: every listing request needs a token; the bucket starts full
  // (one second's worth), then refills at `rps`.
  const needed = Math.ceil(accounts / 100) + accounts;
  const imposedS = Math.max(0, needed - rps) / rps;
  return {
    accounts,
    roles,
    rps,
    needed,
    imposedS,
    configFile,
    fake,
    run,
    /**
     * The listing requests the portal saw since log position `from`.
     * @param {number} from
     */
    portalLog: (from) => fake.log.slice(from).filter((e) => PORTAL_OPS.has(e.operation)),
    /** Stops the daemon, the fake, and removes the temp HOME. */
    async close() {
      await run(['daemon', 'stop']).catch(() => undefined);
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof throttledBench>>} ThrottledBench */

/**
 * The lines both benchmarks print about the throttle and what was sent.
 * @param {ThrottledBench} b
 * @param {ReturnType<ThrottledBench['portalLog']>} log
 */
export function printThrottle(b, log) {
  const got429 = log.filter((e) => e.status === 429).length;
  console.log(`portal throttle          ${b.rps} requests/s (burst ${b.rps})`);
  console.log(`listing requests needed  ${b.needed} (ListAccounts pages + ListAccountRoles)`);
  console.log(`requests sent            ${log.length} (${got429} answered 429 and retried)`);
  console.log(`time imposed by throttle ${b.imposedS.toFixed(1)} s`);
}
