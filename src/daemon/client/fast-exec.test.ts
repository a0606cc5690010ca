import { join } from 'node:path';

import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

import { parseFastEnvArgs, parseFastExecArgs } from './fast-exec.js';

const FLAGS = ['--sso-session', 's', '--account-id', '111111111111', '--role-name', 'R'];
const EXPLICIT = { ssoSession: 's', accountId: '111111111111', roleName: 'R' };

describe('parseFastExecArgs', () => {
  it('takes the role flags or --profile before --, and the command after it untouched', () => {
    expect(parseFastExecArgs(['exec', ...FLAGS, '--', 'aws', '--profile', 'x'])).toEqual({
      params: EXPLICIT,
      command: 'aws',
      args: ['--profile', 'x'],
    });
    expect(parseFastExecArgs(['exec', '--profile=dev', '--auto-login', '--', 'sh'])).toEqual({
      params: { profile: 'dev', autoLogin: true },
      command: 'sh',
      args: [],
    });
  });

  it('leaves everything else to the full CLI', () => {
    for (const argv of [
      ['exec', '--profile', 'dev', 'sh'],
      ['exec', '--profile', 'dev', '--'],
      ['exec', '--profile', 'dev', '--', ''],
      ['exec', '--ecs-server', '--profile', 'dev', '--', 'sh'],
      ['exec', '--help'],
      ['exec', '--', 'sh'],
      ['env', '--profile', 'dev'],
    ]) {
      expect(parseFastExecArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });
});

describe('parseFastEnvArgs', () => {
  it('takes --format in both forms, default sh', () => {
    expect(parseFastEnvArgs(['env', '--profile', 'dev'])).toEqual({
      params: { profile: 'dev' },
      format: 'sh',
    });
    expect(parseFastEnvArgs(['env', '--format', 'fish', ...FLAGS])).toEqual({
      params: EXPLICIT,
      format: 'fish',
    });
    expect(parseFastEnvArgs(['env', ...FLAGS, '--format=json'])?.format).toBe('json');
  });

  it('leaves an unknown or repeated format, a missing value and other flags to the full CLI', () => {
    for (const argv of [
      ['env', '--profile', 'dev', '--format', 'csh'],
      ['env', '--profile', 'dev', '--format', 'sh', '--format', 'fish'],
      ['env', '--profile', 'dev', '--format'],
      ['env', '--profile', 'dev', '--help'],
      ['env'],
    ]) {
      expect(parseFastEnvArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });
});

describe('the exec/env bundle', () => {
  it('pulls in no SDK and no yargs, and nothing of the full CLI', async () => {
    const root = join(new URL('.', import.meta.url).pathname, '../..');
    const result = await build({
      entryPoints: [join(root, 'bin/fast-exec.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      define: { AWSID_VERSION: '"1.0.0"' },
      absWorkingDir: root,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => /node_modules|@aws-sdk|yargs/.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('cli/'))).toEqual([]);
  });
});
