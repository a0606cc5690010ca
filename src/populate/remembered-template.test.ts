import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { ConfigError } from '../core/errors.js';
import { rememberTemplate, templateFor } from './remembered-template.js';

const SESSION = '[sso-session corp] # ours\nsso_region = eu-west-1\n\n[profile x]\nregion = y\n';

describe('the --template remembered per sso-session', () => {
  it('is written into the [sso-session] only, and rewritten in place when it changes', () => {
    const once = rememberTemplate(SESSION, 'corp', '{account_id}-{role_name}');
    expect(once).toBe(
      '[sso-session corp] # ours\nsso_region = eu-west-1\nawsid_profile_template = {account_id}-{role_name}\n\n[profile x]\nregion = y\n',
    );
    expect(rememberTemplate(once, 'corp', '{account_id}-{role_name}')).toBe(once);
    expect(rememberTemplate(once, 'corp', '{account_name}.{role_name}')).toBe(
      once.replace('{account_id}-{role_name}', '{account_name}.{role_name}'),
    );
  });

  it('the flag wins, else the remembered one, else the default', () => {
    const cfg = resolveConfig(rememberTemplate(SESSION, 'corp', '{account_id}-{role_name}'), '/c');
    expect(templateFor(cfg, 'corp', undefined).text).toBe('{account_id}-{role_name}');
    expect(templateFor(cfg, 'corp', '{role_name}@{account_id}').text).toBe(
      '{role_name}@{account_id}',
    );
    expect(templateFor(resolveConfig(SESSION, '/c'), 'corp', undefined).text).toBe(
      '{account_name}.{role_name}',
    );
  });

  it('a remembered template edited into something unusable is a config error naming the line', () => {
    const cfg = resolveConfig(
      `${SESSION.split('\n\n')[0]}\nawsid_profile_template = {role_name}\n`,
      '/c',
    );
    expect(() => templateFor(cfg, 'corp', undefined)).toThrow(ConfigError);
    expect(() => templateFor(cfg, 'corp', undefined)).toThrow(
      /^awsid_profile_template in \[sso-session corp\] \(line 3 of \/c\): '\{role_name\}' must use/,
    );
  });
});
