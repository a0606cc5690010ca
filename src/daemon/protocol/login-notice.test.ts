import { describe, expect, it } from 'vitest';

import { formatLoginNotice } from './login-notice.js';
import { encodeMessage, parseResponse } from './protocol.js';

const notice = {
  ssoSession: 'corp',
  verificationUri: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
  userCode: 'ABCD-EFGH',
  waitSec: 599,
};

describe('login notices', () => {
  it('cross the socket with the id of the request that waits', () => {
    expect(parseResponse(encodeMessage({ id: 2, notice }).trim())).toEqual({ id: 2, notice });
  });

  it('are refused without a request id or with fields of the wrong kind', () => {
    expect(parseResponse(JSON.stringify({ id: null, notice }))).toBeUndefined();
    expect(parseResponse(JSON.stringify({ id: 2, notice: { ...notice, waitSec: 'x' } }))).toBe(
      undefined,
    );
    expect(parseResponse(JSON.stringify({ id: 2, notice: { ...notice, userCode: 7 } }))).toBe(
      undefined,
    );
    const long = { ...notice, verificationUri: `https://x/${'a'.repeat(5000)}` };
    expect(parseResponse(JSON.stringify({ id: 2, notice: long }))).toBeUndefined();
  });

  it('print one line saying where to approve, the code, and how long the caller waits', () => {
    expect(formatLoginNotice(notice)).toBe(
      `awsid: sign in for sso-session 'corp': open ${notice.verificationUri} and confirm code ABCD-EFGH (waiting up to 10 min)\n`,
    );
    expect(formatLoginNotice({ ...notice, waitSec: 45 })).toMatch(/\(waiting up to 45 s\)\n$/);
  });

  it('for a browser sign-in: the start page and whether a browser was opened, no code', () => {
    const pkce = {
      ssoSession: 'corp',
      verificationUri: 'http://127.0.0.1:5/start/n',
      browserOpened: true,
      waitSec: 300,
    };
    expect(parseResponse(encodeMessage({ id: 3, notice: pkce }).trim())).toEqual({
      id: 3,
      notice: pkce,
    });
    // One kind or the other, never both or neither.
    const both = { ...pkce, userCode: 'ABCD-EFGH' };
    expect(parseResponse(JSON.stringify({ id: 3, notice: both }))).toBeUndefined();
    const neither = { ssoSession: 'corp', verificationUri: pkce.verificationUri, waitSec: 300 };
    expect(parseResponse(JSON.stringify({ id: 3, notice: neither }))).toBeUndefined();
    expect(formatLoginNotice(pkce)).toBe(
      "awsid: sign in for sso-session 'corp': opened your browser (URL http://127.0.0.1:5/start/n); if no sign-in page appeared, open that URL in a browser on this machine (waiting up to 5 min)\n",
    );
    expect(formatLoginNotice({ ...pkce, browserOpened: false })).toBe(
      "awsid: sign in for sso-session 'corp': open http://127.0.0.1:5/start/n in a browser on this machine (waiting up to 5 min)\n",
    );
  });

  it('never pass a control sequence from the server to the terminal', () => {
    const hostile = {
      ...notice,
      verificationUri: 'https://x/\u001b]0;pwned\u0007',
      userCode: 'AB\nCD',
    };
    const line = formatLoginNotice(hostile);
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toContain('\\u{1b}]0;pwned\\u{7}');
  });
});
