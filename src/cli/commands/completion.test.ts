import { describe, expect, it } from 'vitest';

import { UsageError } from '../../core/errors.js';
import { completeWords, plainNames, rejectCompletionArgs } from './completion.js';

const names = { profiles: ['dev', 'dev.admin', 'prod'], ssoSessions: ['corp', 'lab'] };

function complete(words: string[]): string[] | 'default' {
  let out: string[] | 'default' = [];
  const fn = completeWords(words, names);
  fn(
    words[words.length - 1] ?? '',
    {},
    () => (out = 'default'),
    (list) => (out = list),
  );
  return out;
}

describe('completion', () => {
  it('offers profile names after --profile and sso-session names after --sso-session', () => {
    expect(complete(['awsid', 'exec', '--profile', ''])).toEqual(['dev', 'dev.admin', 'prod']);
    expect(complete(['awsid', 'exec', '--profile', 'dev.'])).toEqual(['dev.admin']);
    expect(complete(['awsid', 'login', '--sso-session', 'c'])).toEqual(['corp']);
  });

  it('offers profile names for the positional of awsid use', () => {
    expect(complete(['awsid', 'use', ''])).toEqual(['dev', 'dev.admin', 'prod']);
    expect(complete(['awsid', 'use', 'p'])).toEqual(['prod']);
    expect(complete(['awsid', 'use', 'dev', ''])).toBe('default');
  });

  it("leaves everything else to yargs' default completion", () => {
    expect(complete(['awsid', 'lo'])).toBe('default');
    expect(complete(['awsid', 'exec', '--profile'])).toBe('default');
  });

  it('drops names a shell would expand or split (a config file may be hostile)', () => {
    const hostile = [
      '$(touch${IFS}x)',
      '`id`',
      '~root',
      '{a,b}',
      'a:b',
      'with space',
      '-x',
      'ok-1',
    ];
    expect(plainNames(['b', ...hostile, 'a.b@c/d'])).toEqual(['a.b@c/d', 'b', 'ok-1']);
  });

  it('refuses a shell argument and names the $SHELL way instead', () => {
    expect(() => rejectCompletionArgs(['completion'])).not.toThrow();
    expect(() => rejectCompletionArgs(['completion', '--debug'])).not.toThrow();
    expect(() =>
      rejectCompletionArgs(['--get-yargs-completions', 'awsid', 'completion', 'x']),
    ).not.toThrow();
    const e = (() => {
      try {
        rejectCompletionArgs(['completion', 'zsh']);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).hint).toBe('SHELL=zsh awsid completion');
  });
});
