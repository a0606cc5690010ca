/**
 * The fake's own approval page (not an AWS API): GET /device?user_code=XXXX-XXXX shows the
 * authorization with Approve/Deny buttons; POST /device (form) records the choice.
 */
import type { Ctx } from './context.js';
import type { Incoming, Outgoing } from './http.js';

const USER_CODE = /^[A-Z]{4}-[A-Z]{4}$/;

function page(status: number, title: string, inner: string): Outgoing {
  const html =
    `<!doctype html><meta charset="utf-8"><title>fake-idc: ${title}</title>` +
    `<body style="font-family:sans-serif;max-width:32em;margin:3em auto">` +
    `<h1>${title}</h1>${inner}</body>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
}

function askForCode(): Outgoing {
  return page(
    200,
    'Enter the user code',
    '<form method="get" action="/device"><input name="user_code" autofocus> <button>Next</button></form>',
  );
}

export function devicePage(ctx: Ctx, req: Incoming): Outgoing {
  if (req.method === 'POST') return decideFromForm(ctx, req);
  const userCode = req.query.get('user_code');
  if (!userCode) return askForCode();
  const auth = USER_CODE.test(userCode) ? ctx.devices.byUserCode(userCode) : undefined;
  if (!auth) return page(404, 'Unknown user code', '<p><a href="/device">Try again</a></p>');
  if (auth.status !== 'pending') return page(409, `Authorization is ${auth.status}`, '');
  const button = (action: string) =>
    `<button name="action" value="${action}">${action[0]!.toUpperCase()}${action.slice(1)}</button> `;
  return page(
    200,
    `Authorize ${userCode}?`,
    `<p>Start URL: ${auth.startUrl.replace(/[<>&"]/g, '')}</p>` +
      `<form method="post" action="/device"><input type="hidden" name="user_code" value="${userCode}">` +
      button('approve') +
      button('deny') +
      '</form>',
  );
}

function decideFromForm(ctx: Ctx, req: Incoming): Outgoing {
  const form = new URLSearchParams(req.body);
  const userCode = form.get('user_code') ?? '';
  const action = form.get('action');
  if (!USER_CODE.test(userCode) || (action !== 'approve' && action !== 'deny')) {
    return page(400, 'Bad form', '');
  }
  const auth = ctx.devices.byUserCode(userCode);
  if (auth?.status !== 'pending') return page(409, 'Not pending', '');
  ctx.devices.decideByHand(action === 'approve' ? 'approved' : 'denied', userCode);
  return page(200, action === 'approve' ? 'Approved' : 'Denied', '<p>Return to your terminal.</p>');
}
