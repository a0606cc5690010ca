/**
 * The parse-only seam: command lines parsed into the options a command's run would receive,
 * without running anything. The tables of src/core/role-options.ts drive both this parser and
 * the bundled fast client's, so the two must read every line alike.
 */
import { describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { roleRequestOf } from '../core/role-options.js';
import { parseFastArgs, parseRoleArgs } from '../daemon/client/fast-client.js';
import { createTestIO } from '../platform/io.js';
import { resolvePaths } from '../platform/paths.js';
import type { Context } from './context.js';
import { parseCommandLine } from './parser.js';

function ctxWith(env: Record<string, string> = {}): Context {
  const full = { HOME: '/nonexistent-home', ...env };
  return {
    io: createTestIO(),
    env: full,
    paths: resolvePaths(full),
    clock: { now: () => 0 } as unknown as Context['clock'],
    browser: { open: () => Promise.resolve(false) },
    version: '9.9.9',
    store: () => Promise.reject(new Error('the parse seam opens no store')),
  };
}

const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseCommandLine(argv, ctxWith(env));

describe('parseCommandLine (parse only, nothing runs)', () => {
  it('env: the table typed and defaulted, AWS_PROFILE as the twin of --profile', async () => {
    expect(await parse(['env', '--profile', 'dev'])).toEqual({
      command: 'env',
      debug: false,
      options: {
        profile: 'dev',
        ssoSession: undefined,
        accountId: undefined,
        roleName: undefined,
        autoLogin: false,
        format: 'sh',
      },
    });
    expect((await parse(['env'], { AWS_PROFILE: 'dev' })).options.profile).toBe('dev');
    expect((await parse(['env', '--profile=p'], { AWS_PROFILE: 'dev' })).options.profile).toBe('p');
    // Any role flag is an explicit choice: AWS_PROFILE yields.
    const partial = await parse(['env', '--role-name', 'R'], { AWS_PROFILE: 'dev' });
    expect(partial.options).toMatchObject({ profile: undefined, roleName: 'R' });
  });

  it('credential-process never takes AWS_PROFILE; --no-daemon is its own', async () => {
    const bare = await parse(['credential-process'], { AWS_PROFILE: 'dev' });
    expect(bare.options).toMatchObject({ profile: undefined, daemon: true, autoLogin: false });
    expect((await parse(['credential-process', '--no-daemon'])).options.daemon).toBe(false);
  });

  it('exec and console take the same role options', async () => {
    const exec = await parse(['exec', '--ecs-server', '--profile', 'p', '--', 'ls']);
    expect(exec.options).toMatchObject({ profile: 'p', ecsServer: true, ecsTokenFile: false });
    const console = await parse(['console', '--url'], { AWS_PROFILE: 'dev' });
    expect(console.options).toMatchObject({ profile: 'dev', url: true, autoLogin: false });
  });

  it('one debug switch: --debug, --no-debug, else AWSID_DEBUG', async () => {
    expect((await parse(['env', '--debug'])).debug).toBe(true);
    expect((await parse(['env'], { AWSID_DEBUG: '1' })).debug).toBe(true);
    expect((await parse(['env'], { AWSID_DEBUG: '0' })).debug).toBe(false);
    expect((await parse(['env', '--no-debug'], { AWSID_DEBUG: '1' })).debug).toBe(false);
    // After `--` it belongs to the command exec runs.
    expect((await parse(['exec', '--profile', 'p', '--', 'x', '--debug'])).debug).toBe(false);
  });

  it('login: its table, --no-browser negating a default', async () => {
    const login = await parse(['login', '--sso-session', 'corp', '--no-browser']);
    expect(login.command).toBe('login');
    expect(login.options).toMatchObject({ ssoSession: 'corp', browser: false });
  });

  it('populate: only its table, --process-flags taking a value that starts with --', async () => {
    expect(
      (await parse(['populate', '--process-flags=--auto-login', '--dry-run'])).options,
    ).toEqual({
      ssoSession: undefined,
      template: undefined,
      region: undefined,
      processFlags: '--auto-login',
      prune: false,
      dryRun: true,
      autoLogin: false,
      browser: true,
    });
    // '' is a value (it forgets the remembered flags), not an absent flag.
    const forget = await parse(['populate', '--process-flags', '', '--no-browser']);
    expect(forget.options).toMatchObject({ processFlags: '', browser: false });
  });

  it('setup: the flags it passes on to login and populate, defaulted', async () => {
    const setup = await parse(['setup', '--sso-session', 'corp', '--no-login', '--prune']);
    expect(setup.options).toEqual({
      ssoSession: 'corp',
      startUrl: undefined,
      region: undefined,
      scopes: undefined,
      login: false,
      browser: true,
      useDeviceCode: false,
      template: undefined,
      prune: true,
    });
  });

  it('access: --since and --save, --unused-days a number; --json and --csv exclusive', async () => {
    const access = await parse(['access', '--since', '2026-01-01', '--save', '--json']);
    expect(access.options).toEqual({
      ssoSession: undefined,
      unusedDays: 90,
      json: true,
      csv: undefined,
      failOnUnused: false,
      save: true,
      since: '2026-01-01',
      forget: false,
    });
    expect((await parse(['access', '--unused-days', '30'])).options.unusedDays).toBe(30);
    await expect(parse(['access', '--json', '--csv'])).rejects.toThrow(
      'Arguments json and csv are mutually exclusive',
    );
  });

  it('uninstall: --dry-run and --keep-profiles, both off by default', async () => {
    const both = await parse(['uninstall', '--dry-run', '--keep-profiles']);
    expect(both).toEqual({
      command: 'uninstall',
      debug: false,
      options: { dryRun: true, keepProfiles: true },
    });
    expect((await parse(['uninstall'])).options).toEqual({ dryRun: false, keepProfiles: false });
  });

  it('adopt, use and daemon: the conflicts and flags their tables declare', async () => {
    expect((await parse(['adopt', '--all', '--dry-run'])).options).toEqual({
      ssoSession: undefined,
      profile: undefined,
      all: true,
      dryRun: true,
      undo: false,
    });
    await expect(parse(['adopt', '--all', '--profile', 'p'])).rejects.toThrow(
      'Arguments all and profile are mutually exclusive',
    );
    await expect(parse(['adopt', '--sso-session', 's', '--profile', 'p'])).rejects.toThrow(
      'Arguments sso-session and profile are mutually exclusive',
    );
    expect((await parse(['use', '--clear'])).options).toEqual({ clear: true });
    await expect(parse(['use', 'dev', '--clear'])).rejects.toBeInstanceOf(UsageError);
    // --idle-minutes stays a string here: the handler checks it and quotes a bad one back.
    expect((await parse(['daemon', 'start', '--idle-minutes', '5'])).options).toEqual({
      idleMinutes: '5',
      json: false,
      uninstall: undefined,
      force: undefined,
    });
  });

  it('a command of positionals only: its parsed words', async () => {
    const init = await parse(['init', 'zsh']);
    expect(init.command).toBe('init');
    expect(init.options).toMatchObject({ shell: 'zsh' });
  });

  it('usage errors are thrown as the full run reports them', async () => {
    await expect(parse(['env', '--format', 'bash'])).rejects.toBeInstanceOf(UsageError);
    await expect(parse(['logn'])).rejects.toThrow("unknown command 'logn'; did you mean login?");
  });

  it('the fast client reads every role line as the full parser does', async () => {
    const lines = [
      ['--profile', 'dev'],
      ['--profile=dev', '--auto-login'],
      ['--sso-session', 'corp', '--account-id', '111111111111', '--role-name', 'R'],
      ['--sso-session=corp', '--account-id=111111111111', '--role-name=--auto-login'],
      ['--auto-login', '--role-name', 'R', '--sso-session', 's', '--account-id', '000000000001'],
    ];
    for (const line of lines) {
      for (const env of [{}, { AWS_PROFILE: 'other' }]) {
        const cp = await parse(['credential-process', ...line], env);
        expect(parseFastArgs(['credential-process', ...line], env), line.join(' ')).toEqual(
          roleRequestOf(cp.options),
        );
        const e = await parse(['env', ...line], env);
        expect(parseRoleArgs(line, env), line.join(' ')).toEqual(roleRequestOf(e.options));
      }
    }
  });
});
