// Shared set-up for the benchmarks (scripts/bench-*.mjs): the fake Identity Center in
// this process, a temp HOME logged in with the BUILT awsid, medians. Not a test: prints figures.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { register } from 'tsx/esm/api';

export const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/bin/awsid.js')) || !existsSync(join(root, 'dist/fast'))) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}
register();
const { startFakeIdc } = await import('../test/fake-idc/index.ts');
const { awsidBin, createSandbox } = await import('../test/helpers/cli.ts');
const moto = await import('../test/helpers/moto.ts');
export { awsidBin, moto };

export const CP_ARGS = [
  'credential-process',
  '--sso-session',
  'corp',
  '--account-id',
  '111111111111',
  '--role-name',
  'ReadOnlyAccess',
];

const CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

/** A fake IdC and a logged-in temp HOME (passphrase store: no keychain needed). */
export async function loggedInSandbox(extraConfig = '') {
  const fake = await startFakeIdc({ person: { kind: 'approve', afterPolls: 0 }, intervalSec: 1 });
  const sb = await createSandbox({
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_SSO: fake.url,
    AWSID_SECRET_STORE: 'passphrase',
    AWSID_PASSPHRASE: 'bench-passphrase',
  });
  await sb.writeConfig(CONFIG + extraConfig);
  const login = await sb.run(['login', '--no-browser']);
  if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
  return {
    fake,
    sb,
    async close() {
      await sb.run(['daemon', 'stop']);
      await sb.close();
      await fake.close();
    },
  };
}

/**
 * One command of a comparison: a row label and what to run.
 * @typedef {{ label: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string }} Command
 */
/** @typedef {{ code: number | null, stdout: string, stderr: string }} RunResult */

/**
 * Wall time of one synchronous run in ms; throws when it fails.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 */
export function timeOnce(cmd, args, env, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/**
 * Runs each command `n` times, interleaved (A B C A B C ...) so load changes hit all alike;
 * returns the sorted samples per label.
 * @param {readonly Command[]} commands
 * @param {number} n
 */
export function interleaved(commands, n) {
  /** @type {Record<string, number[]>} */
  const samples = {};
  const runs = commands.map((c) => ({ c, into: (samples[c.label] ??= []) }));
  for (let i = 0; i < n; i++) {
    for (const { c, into } of runs) into.push(timeOnce(c.cmd, c.args, c.env, c.cwd));
  }
  for (const s of Object.values(samples)) s.sort((a, b) => a - b);
  return samples;
}

/**
 * Sample `i` of `sorted` (samples looked up by label may be missing); throws when there is none.
 * @param {readonly number[] | undefined} sorted
 * @param {number} i
 */
function sampleAt(sorted, i) {
  const v = sorted?.[i];
  if (v === undefined) throw new Error('bench: no samples');
  return v;
}

/** @param {readonly number[] | undefined} sorted */
export const median = (sorted) => sampleAt(sorted, Math.floor((sorted?.length ?? 0) / 2));
/**
 * @param {readonly number[] | undefined} sorted
 * @param {number} q
 */
export const quantile = (sorted, q) =>
  sampleAt(sorted, Math.min((sorted?.length ?? 0) - 1, Math.floor((sorted?.length ?? 0) * q)));

/**
 * Starts `n` processes at once; resolves with their results and the wall time.
 * @param {number} n
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 */
export async function concurrently(n, cmd, args, env, cwd) {
  const t = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from(
      { length: n },
      /** @returns {Promise<RunResult>} */
      () =>
        new Promise((resolve) => {
          const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c) => (stdout += c));
          child.stderr.on('data', (c) => (stderr += c));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        }),
    ),
  );
  return { results, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

/** @param {readonly (readonly (string | number)[])[]} rows */
export function table(rows) {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** @param {number} ms */
export const fmt = (ms) => `${ms.toFixed(1)} ms`;
