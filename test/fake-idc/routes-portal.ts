/**
 * Portal API (service `sso`, docs/protocol.md, "Portal (service `sso`)"): snake_case query, bearer
 * token in header `x-amz-sso_bearer_token`, `expiration` in epoch ms, `nextToken` pagination.
 * Strict: unknown or repeated query parameters are InvalidRequestException (400).
 */
import type { Ctx } from './context.js';
import { PortalError } from './errors.js';
import { header, json, type Incoming, type Outgoing } from './http.js';
import type { AccountSpec } from './types.js';

const BEARER = 'x-amz-sso_bearer_token';

function query(req: Incoming, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of req.query) {
    if (!allowed.includes(key)) {
      throw new PortalError('InvalidRequestException', `Unknown query parameter ${key}`);
    }
    if (out.has(key)) throw new PortalError('InvalidRequestException', `Repeated parameter ${key}`);
    out.set(key, value);
  }
  return out;
}

function required(q: Map<string, string>, key: string): string {
  const v = q.get(key);
  if (v === undefined || v === '') {
    throw new PortalError('InvalidRequestException', `Missing required parameter ${key}`);
  }
  return v;
}

/** `max_result` (model: maxResults, 1..100) or the configured page size. */
function pageSize(ctx: Ctx, q: Map<string, string>): number {
  const raw = q.get('max_result');
  if (raw === undefined) return ctx.config.pageSize;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100) {
    throw new PortalError('InvalidRequestException', `max_result must be 1..100, got ${raw}`);
  }
  return n;
}

function findAccount(ctx: Ctx, accountId: string): AccountSpec {
  const account = ctx.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new PortalError('ForbiddenException', 'No access');
  return account;
}

function authorize(ctx: Ctx, req: Incoming): void {
  ctx.tokens.checkAccess(header(req, BEARER));
}

export function getRoleCredentials(ctx: Ctx, req: Incoming): Outgoing {
  const q = query(req, ['account_id', 'role_name']);
  const accountId = required(q, 'account_id');
  const roleName = required(q, 'role_name');
  authorize(ctx, req);
  if (!findAccount(ctx, accountId).roles.includes(roleName)) {
    throw new PortalError('ForbiddenException', 'No access');
  }
  const roleCredentials = {
    accessKeyId: ctx.mint.accessKeyId(),
    secretAccessKey: ctx.mint.secretAccessKey(),
    sessionToken: ctx.mint.sessionToken(),
    expiration: ctx.now() + ctx.config.roleCredentialsTtlMs,
  };
  ctx.signin.recordRoleCredentials({ ...roleCredentials, accountId, roleName });
  return json({ roleCredentials });
}

export function listAccounts(ctx: Ctx, req: Incoming): Outgoing {
  const q = query(req, ['next_token', 'max_result']);
  const size = pageSize(ctx, q);
  authorize(ctx, req);
  const page = ctx.pager.page('accounts', ctx.accounts, q.get('next_token'), size);
  return json({
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    accountList: page.items.map((a) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      ...(a.emailAddress === undefined ? {} : { emailAddress: a.emailAddress }),
    })),
  });
}

export function listAccountRoles(ctx: Ctx, req: Incoming): Outgoing {
  const q = query(req, ['account_id', 'next_token', 'max_result']);
  const accountId = required(q, 'account_id');
  const size = pageSize(ctx, q);
  authorize(ctx, req);
  const roles = findAccount(ctx, accountId).roles;
  const page = ctx.pager.page(`roles:${accountId}`, roles, q.get('next_token'), size);
  return json({
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    roleList: page.items.map((roleName) => ({ roleName, accountId })),
  });
}

/** Logout: POST, empty body, 200 with an empty body (docs/protocol.md, "Portal operations"). */
export function logout(ctx: Ctx, req: Incoming): Outgoing {
  query(req, []);
  if (req.body !== '') throw new PortalError('InvalidRequestException', 'Logout takes no body');
  ctx.tokens.logout(header(req, BEARER));
  return { status: 200, body: '' };
}
