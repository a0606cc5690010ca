/** Small builders shared by the checks, so every result has the same shape. */
import type { CheckResult, Repair } from './types.js';

export function ok(id: string, subject: string, message: string): CheckResult {
  return { id, status: 'ok', subject, message, fix: '' };
}

function problem(status: 'warn' | 'fail') {
  return (
    id: string,
    subject: string,
    message: string,
    fix: string,
    repair?: Repair,
  ): CheckResult => ({
    id,
    status,
    subject,
    message,
    fix,
    ...(repair && { repair }),
  });
}

export const warn = problem('warn');
export const fail = problem('fail');

/** `a, b and c` / `a, b, c and 4 more`. */
export function nameList(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `profile dev fails` / `profiles a and b fail`. */
export function profilesFail(names: readonly string[]): string {
  return names.length === 1 ? `profile ${names[0]} fails` : `profiles ${nameList(names)} fail`;
}

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;

export const profileSubject = (name: string): string => `profile ${name}`;
export const sessionSubject = (name: string): string => `sso-session ${name}`;
