/** Shows only enough of a secret to tell two apart: `abcd…(40 chars)`. Never the whole value. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '(none)';
  if (secret.length < 12) return `…(${secret.length} chars)`;
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}
