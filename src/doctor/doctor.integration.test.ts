import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DaemonServer } from '../daemon/server/server.js';
import { toJson, toText } from './render.js';
import { runChecks } from './runner.js';
import type { Check, CheckResult } from './types.js';
import {
  createDoctorSandbox,
  problems,
  type DoctorSandbox,
} from '../../test/fixtures/doctor/sandbox.js';
import { healthySetup } from '../../test/fixtures/doctor/setups.js';

let sb: DoctorSandbox;
let daemons: DaemonServer[];
beforeEach(async () => {
  sb = await createDoctorSandbox();
  daemons = [];
});
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.close()));
  await sb.close();
});

const healthy = () => healthySetup(sb, daemons);

describe('awsid doctor on a healthy set-up', () => {
  it('reports no warning and no failure, and exits 0', async () => {
    await healthy();
    const rs = await sb.results();
    expect(problems(rs)).toEqual([]);
    const ids = new Set(rs.map((r) => r.id));
    for (const id of [
      'config-syntax',
      'token-missing',
      'secret-store-unavailable',
      'daemon-not-running',
      'file-permissions',
      'credential-process-unresolvable',
    ]) {
      expect(ids).toContain(id);
    }
    const r = await sb.command();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^awsid doctor: 0 failed, 0 warnings, \d+ ok\n/);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('--json prints each check as {id, status, subject, message, fix}, as the text report does', async () => {
    await healthy();
    const r = await sb.command({ json: true });
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { checks: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['checks']);
    for (const c of parsed.checks) {
      expect(Object.keys(c)).toEqual(['id', 'status', 'subject', 'message', 'fix']);
    }
    // Every check of the healthy set-up, in report order, each ok with no fix to offer.
    expect(parsed.checks.map((c) => [c.subject, c.id, c.status, c.fix])).toEqual(
      [
        ['environment', 'env-overrides-profile'],
        ['~/.aws/config', 'config-syntax'],
        ['~/.aws/sso/cache', 'cache-corrupt'],
        ['files', 'file-permissions'],
        ['secret store', 'secret-store-unavailable'],
        ['daemon', 'daemon-not-running'],
        ['clock', 'clock-skew'],
        ['sso-sessions', 'sso-session-incomplete'],
        ['sso-sessions', 'sso-region-mismatch'],
        ['sso-session corp', 'token-missing'],
        ['sso-session team', 'token-missing'],
        ['profiles', 'legacy-sso-profile'],
        ['profiles', 'credential-process-unresolvable'],
      ].map(([subject, id]) => [subject, id, 'ok', '']),
    );
    const message = (subject: string) => parsed.checks.find((c) => c.subject === subject)?.message;
    expect(message('daemon')).toMatch(/^running \(pid \d+, awsid 9\.9\.9-test\)$/);
    expect(message('sso-session corp')).toBe(
      'the AWS CLI token for sso-session corp is valid until 2026-11-27 13:00 UTC (in 1h 0m) and refreshable',
    );
    expect(message('sso-session team')).toBe(
      'awsid is logged in; the access token is valid until 2026-11-27 13:00 UTC (in 1h 0m) and refreshable',
    );
    // The text report says the same thing: each JSON message is one of its lines.
    const text = (await sb.command()).out;
    for (const c of parsed.checks) expect(text).toContain(` ${String(c.message)}\n`);
  });
});

describe('awsid doctor with no AWS config at all', () => {
  it('prints a helpful result, not a crash, and exits 0', async () => {
    const r = await sb.command();
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      'warn config-missing: ~/.aws/config does not exist: no sso-session and no profile is configured',
    );
    expect(r.out).toContain('fix: awsid setup --sso-session NAME --start-url URL --region REGION');
    expect(r.out).toContain(
      'ok   secret-store-unavailable: opens, 0 stored sso-sessions: memory only',
    );
  });
});

describe('exit code and output', () => {
  it('exits 1 when a check fails and prints the fix under the failing line, grouped by subject', async () => {
    await sb.config(
      '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n',
    );
    const r = await sb.command();
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const at = lines.indexOf('sso-session corp');
    expect(at).toBeGreaterThan(0);
    const failing = lines.findIndex((l) =>
      l.startsWith('  FAIL token-missing: no AWS CLI token for sso-session corp'),
    );
    expect(failing).toBeGreaterThan(at);
    expect(lines[failing + 1]).toBe(
      "       fix: awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    );
  });

  it('colours only on a TTY', async () => {
    await sb.config('[profile dev]\nregion = eu-west-1 # note\n');
    const tty = await sb.command({}, true);
    expect(tty.out).toMatch(/\x1b\[33m!\x1b\[0m config-syntax/);
    const plain = await sb.command({}, false);
    expect(plain.out).toContain('  warn config-syntax: line 2:');
    expect(plain.out).not.toMatch(/\x1b\[/);
  });

  it('groups setup-wide subjects first, then sessions, then profiles', () => {
    const r = (subject: string): CheckResult => ({
      id: 'x',
      status: 'ok',
      subject,
      message: 'm',
      fix: '',
    });
    const text = toText(
      [
        r('profile b'),
        r('sso-session z'),
        r('environment'),
        r('profiles'),
        r('profile a'),
        r('clock'),
      ],
      false,
    );
    const heads = text
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('awsid'));
    expect(heads).toEqual([
      'environment',
      'clock',
      'sso-session z',
      'profiles',
      'profile a',
      'profile b',
    ]);
  });

  it('JSON drops the internal repair field', () => {
    const json = toJson([
      {
        id: 'a',
        status: 'warn',
        subject: 's',
        message: 'm',
        fix: 'f',
        repair: { describe: 'd', run: async () => {} },
      },
    ]);
    expect(json).toBe(
      '{\n  "checks": [\n    {\n      "id": "a",\n      "status": "warn",\n      "subject": "s",\n      "message": "m",\n      "fix": "f"\n    }\n  ]\n}\n',
    );
  });
});

describe('runner', () => {
  it('turns a throwing check into a fail and a hanging one into a timeout fail; others still report', async () => {
    const throws: Check<never> = {
      id: 'boom',
      run: () => Promise.reject(new Error('kaput\nsecond line')),
    };
    const hangs: Check<never> = { id: 'stuck', run: () => new Promise(() => {}) };
    const fine: Check<never> = {
      id: 'fine',
      run: () =>
        Promise.resolve([{ id: 'fine', status: 'ok', subject: 's', message: 'm', fix: '' }]),
    };
    const rs = await runChecks([throws, hangs, fine], sb.context(), 50);
    expect(rs.map((r) => [r.id, r.status, r.message])).toEqual([
      ['boom', 'fail', 'the boom check failed: kaput'],
      ['stuck', 'fail', 'the stuck check did not finish within 0.05 s'],
      ['fine', 'ok', 'm'],
    ]);
  });
});
