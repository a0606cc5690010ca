import { execFileSync, spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { roleFromProfile } from '../cli/resolve-role.js';
import { credentialProcessLine, shellQuote } from './command-line.js';

const ARGS = [
  '/usr/bin/node',
  '/opt/my tools/awsid/bin/awsid.js',
  "/home/o'brien/bin",
  '$HOME/x',
  '`id`',
  'a"b',
  '*',
  '~/x',
  'semi;colon|pipe&',
  'back\\slash',
  '#hash',
  '',
  'ünïcode dir',
  'role+name=x,y.z@w-1',
];

const python = spawnSync('python3', ['-c', 'import shlex'], { encoding: 'utf8' });
const noPython = python.status === 0 ? undefined : 'python3 is not installed';
if (noPython) console.warn(`skipping the shlex check: ${noPython}`);

describe('shellQuote', () => {
  it('leaves plain arguments bare', () => {
    expect(shellQuote('/usr/local/bin/node')).toBe('/usr/local/bin/node');
    expect(shellQuote('--account-id')).toBe('--account-id');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });

  it('gives /bin/sh -c (the JS SDK) the same arguments back', () => {
    const line = `printf '%s\\0' ${ARGS.map(shellQuote).join(' ')}`;
    const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { HOME: '/nope' } });
    expect(out.split('\0').slice(0, -1)).toEqual(ARGS);
  });

  it.skipIf(noPython)('gives shlex.split (botocore) the same arguments back', () => {
    const line = ARGS.map(shellQuote).join(' ');
    const out = execFileSync(
      'python3',
      ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))', line],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual(ARGS);
  });
});

describe('credentialProcessLine', () => {
  it('is read back by the credential-process flag reader, paths with spaces included', () => {
    const line = credentialProcessLine('/opt/node 20/bin/node', '/opt/my tools/bin/awsid.js', {
      ssoSession: 'corp',
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
    expect(line).toBe(
      "'/opt/node 20/bin/node' '/opt/my tools/bin/awsid.js' credential-process --sso-session corp --account-id 111111111111 --role-name ReadOnlyAccess",
    );
    const cfg = resolveConfig(`[profile p]\ncredential_process = ${line}\n`, 'config');
    expect(roleFromProfile(cfg.profiles.get('p')!, 'config')).toMatchObject({
      ssoSession: 'corp',
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
  });
});
