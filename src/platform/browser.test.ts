import { describe, expect, it } from 'vitest';

import { canOpenBrowser, isOpenableUrl } from './browser.js';

describe('which URLs awsid opens in a browser', () => {
  it('https anywhere, http only on a loopback host, nothing else', () => {
    const ok = (u: string) => isOpenableUrl(new URL(u));
    expect(ok('https://oidc.us-east-1.amazonaws.com/authorize?x=1')).toBe(true);
    expect(ok('http://127.0.0.1:8123/authorize')).toBe(true);
    expect(ok('http://localhost:8123/authorize')).toBe(true);
    expect(ok('http://[::1]:8123/authorize')).toBe(true);
    expect(ok('http://example.com/authorize')).toBe(false);
    expect(ok('http://127.0.0.1.example.com/authorize')).toBe(false);
    expect(ok('file:///etc/passwd')).toBe(false);
    expect(ok('javascript:alert(1)')).toBe(false);
  });

  it('knows WSL opens the Windows browser without a display', () => {
    expect(canOpenBrowser({}, 'linux')).toBe(false);
    expect(canOpenBrowser({ WSL_DISTRO_NAME: 'Ubuntu' }, 'linux')).toBe(true);
    expect(canOpenBrowser({ BROWSER: 'firefox' }, 'linux')).toBe(true);
  });
});
