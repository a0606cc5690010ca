import { describe, expect, it } from 'vitest';

import { resolvePaths } from '../platform/paths.js';
import { daemonAddress } from './socket-path.js';
import { WORLD_VARIABLES, worldOf } from './world.js';

const base = { HOME: '/home/u' };
const idOf = (env: Record<string, string>) => worldOf(env, resolvePaths(env)).id;

describe('worldOf', () => {
  it('is stable for the same settings and ignores variables that do not change where tokens go', () => {
    expect(idOf(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(idOf({ ...base, PATH: '/x', AWS_PROFILE: 'dev', TERM: 'xterm' })).toBe(idOf(base));
    // An empty variable is an unset one, for the SDK too.
    expect(idOf({ ...base, AWS_ENDPOINT_URL_SSO: '' })).toBe(idOf(base));
  });

  const cases: [string, Record<string, string>][] = [
    ['another config file', { AWS_CONFIG_FILE: '/tmp/demo/config' }],
    ['another state directory', { XDG_STATE_HOME: '/tmp/state' }],
    ['another secret store', { AWSID_SECRET_STORE: 'passphrase' }],
    ...WORLD_VARIABLES.map((name): [string, Record<string, string>] => [name, { [name]: 'x' }]),
  ];
  it.each(cases)('%s is another world', (_what, extra) => {
    expect(idOf({ ...base, ...extra })).not.toBe(idOf(base));
  });

  it('the same config reached by another spelling of its path is the same world', () => {
    expect(idOf({ ...base, AWS_CONFIG_FILE: '/home/u/.aws/../.aws/config' })).toBe(idOf(base));
  });

  it('names the socket and the pid file after the world', () => {
    const env = { ...base, AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:8123' };
    const a = daemonAddress(env, resolvePaths(env), 'linux');
    expect(a.socketPath).toBe(`/home/u/.local/state/awsid/run/daemon-${a.world}.sock`);
    expect(a.pidFile).toBe(`/home/u/.local/state/awsid/run/daemon-${a.world}.pid`);
    expect(daemonAddress(base, resolvePaths(base), 'linux').socketPath).not.toBe(a.socketPath);
  });
});
