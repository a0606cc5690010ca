import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';

/*
 * Profile names from a template such as `{account_name}.{role_name}`. Names are kept to
 * `[A-Za-z0-9_.@+-]`: a subset of the characters the JS SDK accepts in `[profile NAME]`
 * (`[\w\-@+.%:/]`, docs/protocol.md, "Section headers") that is also a plain word for botocore's
 * shlex split of the header and for shells (`AWS_PROFILE=...`). `/`, `:` and `%` are left out:
 * tools put profile names into file paths and URLs.
 */

export const DEFAULT_TEMPLATE = '{account_name}.{role_name}';

export const PLACEHOLDERS = [
  'account_name',
  'account_id',
  'account_email',
  'role_name',
  'sso_session',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

type Part = { literal: string } | { placeholder: Placeholder };

export interface ProfileTemplate {
  text: string;
  parts: readonly Part[];
}

const UNSAFE_RUN = /[^A-Za-z0-9_.@+-]+/g;

/** Runs of other characters become one `-`; `-` and `.` are trimmed from both ends. */
export function sanitizeName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(UNSAFE_RUN, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

function usage(message: string): UsageError {
  return new UsageError(message, {
    hint: `${awsidHint('populate', '--template', DEFAULT_TEMPLATE)}   (placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
  });
}

export function parseTemplate(text: string): ProfileTemplate {
  const parts: Part[] = [];
  const re = /\{([^{}]*)\}|([^{}]+)|([{}])/g;
  for (const m of text.matchAll(re)) {
    if (m[3] !== undefined) throw usage(`--template '${text}' has an unmatched "${m[3]}"`);
    if (m[2] !== undefined) {
      parts.push({ literal: m[2] });
      continue;
    }
    const name = m[1] as string;
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw usage(`--template '${text}' uses an unknown placeholder {${name}}`);
    }
    parts.push({ placeholder: name as Placeholder });
  }
  const used = new Set(parts.flatMap((p) => ('placeholder' in p ? [p.placeholder] : [])));
  // Without the role (and an account), every role of an account would get the same name.
  if (!used.has('role_name') || !(used.has('account_name') || used.has('account_id'))) {
    throw usage(
      `--template '${text}' must use {role_name} and {account_name} or {account_id}, so each account and role gets its own profile`,
    );
  }
  return { text, parts };
}

/**
 * The sanitised name. Each value is sanitised on its own first, so an account name made only of
 * characters outside the set (`生産`) falls back to the account id instead of vanishing.
 */
export function renderName(template: ProfileTemplate, values: TemplateValues): string {
  const clean = (p: Placeholder): string => {
    const v = sanitizeName(values[p]);
    if (v !== '') return v;
    return p === 'account_name' || p === 'account_email' ? values.account_id : v;
  };
  const raw = template.parts
    .map((p) => ('literal' in p ? p.literal : clean(p.placeholder)))
    .join('');
  return sanitizeName(raw);
}
