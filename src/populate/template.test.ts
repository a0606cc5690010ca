import { describe, expect, it } from 'vitest';

import { UsageError } from '../core/errors.js';
import { DEFAULT_TEMPLATE, parseTemplate, renderName, sanitizeName } from './template.js';

const values = {
  account_name: 'Sandbox',
  account_id: '111111111111',
  account_email: 'sandbox@example.com',
  role_name: 'AdministratorAccess',
  sso_session: 'corp',
};

describe('sanitizeName', () => {
  it('keeps the safe characters and turns every other run into one "-"', () => {
    expect(sanitizeName('My Team (prod) / EU')).toBe('My-Team-prod-EU');
    expect(sanitizeName('a@b.com+x_y')).toBe('a@b.com+x_y');
    expect(sanitizeName('Café Zürich')).toBe('Cafe-Zurich');
    expect(sanitizeName('--.x.--')).toBe('x');
    expect(sanitizeName('生産')).toBe('');
    expect(sanitizeName('a:b%c/d')).toBe('a-b-c-d');
  });
});

describe('parseTemplate / renderName', () => {
  it('renders the default template', () => {
    expect(renderName(parseTemplate(DEFAULT_TEMPLATE), values)).toBe('Sandbox.AdministratorAccess');
  });

  it('renders every placeholder and sanitises literal text', () => {
    const t = parseTemplate('{sso_session} {account_id}/{role_name}@{account_email}');
    expect(renderName(t, values)).toBe('corp-111111111111-AdministratorAccess@sandbox@example.com');
  });

  it('falls back to the account id for an account name with no safe character', () => {
    const t = parseTemplate(DEFAULT_TEMPLATE);
    expect(renderName(t, { ...values, account_name: '生産' })).toBe(
      '111111111111.AdministratorAccess',
    );
  });

  it.each([
    ['{account}.{role_name}', /unknown placeholder \{account\}/],
    ['{account_name}.{role_name', /unmatched "\{"/],
    ['{account_name}}', /unmatched "\}"/],
    ['{account_name}', /must use \{role_name\}/],
    ['{role_name}', /\{account_name\} or \{account_id\}/],
  ])('refuses %s with a usage error', (text, message) => {
    expect(() => parseTemplate(text)).toThrow(UsageError);
    expect(() => parseTemplate(text)).toThrow(message);
  });
});
