/**
 * Strict OIDC request bodies: JSON object, only model members (docs/protocol.md, sections
 * 1.2-1.4), right types, required strings non-empty. Key order never matters ("OIDC transport").
 * Failures are
 * InvalidRequestException so a sloppy client is noticed.
 */
import { OidcError } from './errors.js';
import { header, type Incoming } from './http.js';

export type Body = Record<string, unknown>;

function bad(description: string): OidcError {
  return new OidcError('InvalidRequestException', description);
}

export function parseBody(req: Incoming, members: readonly string[]): Body {
  const type = header(req, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw bad(`Content-Type must be application/json, got ${JSON.stringify(type)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw bad('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw bad('Request body must be a JSON object');
  }
  for (const key of Object.keys(parsed)) {
    if (!members.includes(key)) throw bad(`Unknown member ${JSON.stringify(key)}`);
  }
  return parsed as Body;
}

export function reqStr(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '')
    throw bad(`${key} is required and must be a non-empty string`);
  return v;
}

export function optStr(body: Body, key: string): string | undefined {
  return body[key] === undefined ? undefined : reqStr(body, key);
}

export function optStrList(body: Body, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && x !== '')) {
    throw bad(`${key} must be a list of non-empty strings`);
  }
  return v;
}
