import { describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { isOurs, launchdPlist, systemdUnit, type ServiceSpec } from './service-unit.js';

const spec: ServiceSpec = {
  node: '/opt/node 24/bin/node',
  bin: '/home/u/100%/"x"/$HOME\\awsid.js',
  idleMinutes: 90,
  env: { HOME: '/home/u', AWS_CONFIG_FILE: '/home/u/a%b$c', HTTPS_PROXY: 'http://p:8080' },
};

describe('service files', () => {
  it('systemd: quoted words, specifiers and $ escaped, the world set or unset', () => {
    const unit = systemdUnit(spec);
    expect(isOurs(unit)).toBe(true);
    expect(unit).toContain(
      'ExecStart="/opt/node 24/bin/node" "/home/u/100%%/\\"x\\"/$$HOME\\\\awsid.js" "daemon" "run" "--idle-minutes" "90"\n',
    );
    // Environment= does not expand $, only % specifiers.
    expect(unit).toContain('Environment="AWS_CONFIG_FILE=/home/u/a%%b$c"\n');
    expect(unit).toContain('Environment="HTTPS_PROXY=http://p:8080"\n');
    const unset = /^UnsetEnvironment=(.*)$/m.exec(unit)?.[1]?.split(' ');
    expect(unset).toContain('AWS_ENDPOINT_URL_SSO_OIDC');
    expect(unset).toContain('XDG_RUNTIME_DIR');
    expect(unset).not.toContain('HOME');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^WantedBy=default.target$/m);
  });

  it('launchd: XML-escaped program arguments and environment', () => {
    const plist = launchdPlist(spec);
    expect(isOurs(plist)).toBe(true);
    expect(plist).toContain('<string>/home/u/100%/&quot;x&quot;/$HOME\\awsid.js</string>');
    expect(plist).toContain('<key>AWS_CONFIG_FILE</key><string>/home/u/a%b$c</string>');
    expect(plist).toContain('<key>Label</key><string>awsid.daemon</string>');
    expect(plist).not.toContain('XDG_RUNTIME_DIR');
  });

  it('refuses a value with a line break (it would add a directive)', () => {
    const bad = { ...spec, env: { ...spec.env, NODE_OPTIONS: 'x\nExecStartPre=/bin/evil' } };
    expect(() => systemdUnit(bad)).toThrow(UsageError);
    expect(() => launchdPlist(bad)).toThrow(/NODE_OPTIONS contains a control character/);
  });
});
