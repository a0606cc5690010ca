import { describe, expect, it } from 'vitest';

import { configSyntaxError } from './problems.js';
import { resolveConfig } from './resolve.js';

const error = (text: string) => configSyntaxError(resolveConfig(text, '/h/.aws/config'), '/h');

describe('config typo diagnostics', () => {
  it('names the key of a line missing "=" and says where to put it, never the value', () => {
    const e = error('[profile dev]\nregion eu-west-1\naws_secret_access_key wJalrSECRET\n');
    expect(e?.message).toBe(
      '~/.aws/config line 2: "region" has no "=" after it (write "region = value"); botocore refuses the file (and 1 more)',
    );
    expect(e?.hint).toBe('put "=" between the key and its value on line 2 of ~/.aws/config');
    expect(error('[a]\naws_secret_access_key wJalrSECRET\n')?.message).not.toContain('wJalr');
    // A lone word (it could be a pasted secret) is not echoed.
    expect(error('[a]\nAKIAEXAMPLE\n')?.message).toBe(
      '~/.aws/config line 2: this line is not "key = value", a [section] header or a comment; botocore refuses the file',
    );
  });

  it('says a section header lacks its "]", first in the file or after another section', () => {
    for (const [text, line] of [
      ['[profile dev\n', 1],
      ['[default]\nregion = x\n\n[sso-session corp\nsso_region = eu-west-1\n', 4],
    ] as const) {
      const e = error(text);
      expect(e?.message).toBe(
        `~/.aws/config line ${line}: this section header has no closing "]"; botocore refuses the file`,
      );
      expect(e?.hint).toBe(`add "]" at the end of the header on line ${line} of ~/.aws/config`);
    }
  });

  it('leaves a "[" line that botocore reads as a key alone', () => {
    expect(error('[a]\n[x = 1\n')).toBeUndefined();
  });
});
