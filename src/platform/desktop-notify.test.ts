import { describe, expect, it } from 'vitest';

import { desktopAtHand, notificationText } from './desktop-notify.js';

describe('desktop notifications for a waiting sign-in', () => {
  it('only where a desktop session is at hand, not in an SSH session without a display', () => {
    expect(desktopAtHand({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1/bus' })).toBe(true);
    expect(desktopAtHand({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(desktopAtHand({})).toBe(false);
    const ssh = { SSH_CONNECTION: '192.0.2.1 1 192.0.2.2 22' };
    expect(desktopAtHand({ ...ssh, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' })).toBe(false);
    expect(desktopAtHand({ ...ssh, DISPLAY: 'localhost:10.0' })).toBe(true);
  });

  it('a browser sign-in puts no URL in the argv (the start page binds to its first visitor)', () => {
    const [, body] = notificationText({
      ssoSession: 'corp',
      verificationUri: 'http://127.0.0.1:5/start/secret-nonce',
      browserOpened: false,
      waitSec: 300,
    });
    expect(body).not.toContain('127.0.0.1');
    expect(body).toContain('awsid login --sso-session corp');
  });
});
