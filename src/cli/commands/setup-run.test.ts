/** `awsid setup` in-process: the questions on a (test) terminal, the flags without one. */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PassThrough } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { UsageError } from '../../core/errors.js';
import { systemClock } from '../../platform/clock-node.js';
import { createTestIO } from '../../platform/io.js';
import { resolvePaths } from '../../platform/paths.js';
import type { Context } from '../context.js';
import { runSetup } from './setup-run.js';
import type { SetupOptions } from './setup.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'awsid-setup-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function context(tty: boolean) {
  const io = createTestIO(tty);
  const env = { HOME: home };
  const ctx: Context = {
    io,
    env,
    paths: resolvePaths(env),
    clock: systemClock,
    browser: { open: () => Promise.resolve(false) },
    version: 'test',
    store: () => Promise.reject(new Error('setup --no-login must not open the store')),
  };
  return { ctx, io, config: join(home, '.aws', 'config') };
}

const flags = (o: Partial<SetupOptions> = {}): SetupOptions => ({
  ssoSession: undefined,
  startUrl: undefined,
  region: undefined,
  scopes: undefined,
  login: false,
  browser: false,
  template: undefined,
  prune: false,
  ...o,
});

describe('awsid setup', () => {
  it('asks for each value on a terminal, warns, asks again after a bad answer', async () => {
    const { ctx, io, config } = context(true);
    (io.stdin as PassThrough).end(
      'corp\nhttps://d-1234567890.awsapps.com/start/#/\nus-east\neu-west-1\n\n',
    );
    expect(await runSetup(flags(), ctx)).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(
      '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start/#/\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n',
    );
    const err = io.err();
    expect(err).toContain('SSO session name: ');
    expect(err).toContain('SSO start URL: ');
    expect(err).toMatch(/warning: start URL .* ends with "#" or "#\/"/);
    expect(err).toContain("region 'us-east' does not look like an AWS region");
    expect(err).toContain('SSO registration scopes [sso:account:access]: ');
    expect(err).toContain('Wrote [sso-session corp] to ~/.aws/config.');
    expect(err).toContain('Next: awsid login --sso-session corp');
    expect(io.out()).toBe('');
  });

  it('offers the existing values as defaults, and leaves the file alone when all are kept', async () => {
    const { ctx, io, config } = context(true);
    const text =
      '# mine\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access';
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(config, text);
    (io.stdin as PassThrough).end('\n\n\n\n');
    expect(await runSetup(flags(), ctx)).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(text);
    expect(io.err()).toContain('SSO session name [corp]: ');
    expect(io.err()).toContain('SSO start URL [https://d-1234567890.awsapps.com/start]: ');
    expect(io.err()).toContain('is up to date');
  });

  it('without a terminal, names every missing flag in one usage error', async () => {
    const { ctx } = context(false);
    const e = await runSetup(flags({ scopes: 'sso:account:access' }), ctx).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toBe(
      'missing --sso-session, --start-url, --region (there is no terminal to ask)',
    );
    const e2 = await runSetup(flags({ ssoSession: 'corp' }), ctx).catch((x: unknown) => x);
    expect((e2 as Error).message).toMatch(/^missing --start-url, --region/);
  });

  it('without a terminal, refuses a bad flag and takes the rest from the existing section', async () => {
    const { ctx, io, config } = context(false);
    const bad = await runSetup(
      flags({ ssoSession: 'corp', startUrl: 'http://x.awsapps.com/start', region: 'us-east-1' }),
      ctx,
    ).catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(UsageError);
    expect((bad as Error).message).toMatch(/^--start-url: .* must use https/);
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(
      config,
      '[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1\n',
    );
    expect(await runSetup(flags({ ssoSession: 'corp', region: 'eu-west-1' }), ctx)).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(
      '[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n',
    );
    expect(io.err()).toContain('Wrote [sso-session corp]');
  });
});
