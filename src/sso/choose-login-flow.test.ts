import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { ConfigError, UsageError } from '../core/errors.js';
import type { SsoSessionConfig } from '../core/model.js';
import type { LoginEnvironment } from '../platform/login-environment.js';
import { chooseLoginFlow, type FlowFlags } from './choose-login-flow.js';
import { sessionConfig } from '../awsconfig/session-config.js';

const SESSION: SsoSessionConfig = {
  name: 'corp',
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
};
const FLAGS: FlowFlags = { useDeviceCode: false, browser: true, redirectPort: undefined };
const DESKTOP: LoginEnvironment = {
  ssh: false,
  display: true,
  browserVar: false,
  container: false,
  canOpen: true,
};

const choose = (
  flags: Partial<FlowFlags> = {},
  where: Partial<LoginEnvironment> = {},
  session: Partial<SsoSessionConfig> = {},
) => chooseLoginFlow({ ...FLAGS, ...flags }, { ...SESSION, ...session }, { ...DESKTOP, ...where });

describe('choosing the login flow', () => {
  it('uses PKCE where a browser here can answer, and names the way to the device code', () => {
    const c = choose();
    expect(c.flow).toBe('pkce');
    expect(c.notice).toBe(
      'Login in the browser (PKCE; a browser can be opened on this machine); if that browser is on another machine: awsid login --sso-session corp --use-device-code',
    );
  });

  it('falls back to the device code over SSH without a display, even with BROWSER set', () => {
    const c = choose({}, { ssh: true, display: false, browserVar: true });
    expect(c.flow).toBe('device-code');
    expect(c.notice).toContain('this is an SSH session without a display');
    expect(c.notice).toContain(
      'awsid login --sso-session corp --redirect-port 8400 after ssh -L 8400:127.0.0.1:8400',
    );
    // X11 forwarding: the browser runs here and reaches 127.0.0.1 here.
    expect(choose({}, { ssh: true, display: true }).flow).toBe('pkce');
  });

  it('falls back in a container without BROWSER and on a host without display or BROWSER', () => {
    expect(choose({}, { container: true }).notice).toContain(
      'this is a container and BROWSER is not set',
    );
    expect(choose({}, { container: true, browserVar: true }).flow).toBe('pkce');
    const headless = choose({}, { display: false, canOpen: false });
    expect(headless.flow).toBe('device-code');
    expect(headless.notice).toContain('there is no display and BROWSER is not set');
  });

  it('flags and awsid_login_flow come before detection', () => {
    expect(choose({ useDeviceCode: true }).flow).toBe('device-code');
    expect(choose({ browser: false }).flow).toBe('device-code');
    expect(choose({}, {}, { loginFlow: 'device-code' }).notice).toBe(
      'Login with a device code (awsid_login_flow = device-code in [sso-session corp]).',
    );
    const forced = choose({}, { ssh: true, display: false }, { loginFlow: 'pkce' });
    expect(forced.flow).toBe('pkce');
    expect(choose({ redirectPort: 8400 }, { ssh: true, display: false }).flow).toBe('pkce');
  });

  it('refuses --redirect-port with --use-device-code or --no-browser, and a port out of range', () => {
    expect(() => choose({ redirectPort: 8400, useDeviceCode: true })).toThrow(UsageError);
    expect(() => choose({ redirectPort: 8400, browser: false })).toThrow(UsageError);
    expect(() => choose({ redirectPort: 70000 })).toThrow(/--redirect-port must be a port number/);
  });
});

describe('awsid_login_flow in [sso-session]', () => {
  const cfg = (flow: string) =>
    resolveConfig(
      `[sso-session corp]\nsso_start_url = ${SESSION.startUrl}\nsso_region = eu-west-1\nawsid_login_flow = ${flow}\n`,
      '/home/u/.aws/config',
    );

  it('is read as the session default', () => {
    expect(sessionConfig(cfg('device-code'), 'corp').loginFlow).toBe('device-code');
    expect(sessionConfig(cfg('pkce'), 'corp').loginFlow).toBe('pkce');
  });

  it('refuses any other value, naming the line', () => {
    expect(() => sessionConfig(cfg('browser'), 'corp')).toThrow(ConfigError);
    expect(() => sessionConfig(cfg('browser'), 'corp')).toThrow(
      '[sso-session corp] (line 1 of /home/u/.aws/config): awsid_login_flow must be device-code or pkce, not "browser"',
    );
  });
});
