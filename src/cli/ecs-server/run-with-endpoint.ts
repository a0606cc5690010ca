/**
 * `awsid exec --ecs-server`: the child gets no keys, only the address of a loopback
 * container-credentials endpoint and its token. The SDKs in the child ask it again before the
 * credentials they hold expire, and each request is served from the daemon's cache (refreshed
 * with 15 minutes to spare), so a child that outlives the role session keeps working.
 * aws-vault's `--ecs-server` works the same way.
 */
import { randomBytes } from 'node:crypto';

import type { RoleCredentials } from '../../core/model.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { startContainerEndpoint, type EndpointAnswer } from '../../platform/container-endpoint.js';
import { endpointStillInUse, handOverEndpoint } from '../../platform/endpoint-keeper.js';
import { runForeground, type ForegroundResult } from '../../platform/spawn-child.js';
import { writeTokenFile, type TokenFile } from '../../platform/token-file.js';
import type { Context } from '../context.js';
import type { ResolvedRole } from '../resolve-role.js';
import { containerEnvironment, type EndpointAuth } from './container-vars.js';
import { answerRequest, sessionEnded, tokenDigest } from './handler.js';

export const ENDPOINT_PATH = '/creds';

export interface EndpointRun {
  command: string;
  args: string[];
  role: ResolvedRole;
  /** The AWSID_EXEC value. */
  marker: string;
  /** Hand the token over in a 0600 file instead of a variable. */
  tokenFile: boolean;
  terminal: boolean;
  debug: (line: string) => void;
  /** Role credentials, asked for on every request (the daemon caches them). */
  credentials: () => Promise<RoleCredentials>;
}

/** Concurrent requests share one fetch; the next request after it settles starts a new one. */
function sharedFetch(fetch: () => Promise<RoleCredentials>): () => Promise<RoleCredentials> {
  let inflight: Promise<RoleCredentials> | undefined;
  return () =>
    (inflight ??= fetch().finally(() => {
      inflight = undefined;
    }));
}

/**
 * Status lines on stderr, never a header value or a secret: a credential failure (with the command
 * that fixes it) and a refused request always, repeats of the same line once; successes only
 * with AWSID_DEBUG.
 */
function endpointLog(ctx: Context, debug: (line: string) => void): (a: EndpointAnswer) => void {
  let last = '';
  return (answer) => {
    if (answer.status === 200) {
      debug(`credentials endpoint: 200 ${answer.note}`);
      return;
    }
    const line = answer.failure
      ? `awsid: credentials endpoint: ${terminalSafe(answer.failure)}\n`
      : `awsid: credentials endpoint refused a request: ${answer.status} ${answer.note}\n`;
    if (line !== last) ctx.io.stderr.write(line);
    last = line;
  };
}

export async function runWithContainerEndpoint(
  ctx: Context,
  run: EndpointRun,
): Promise<ForegroundResult> {
  const token = randomBytes(32).toString('base64url');
  const digest = tokenDigest(token);
  const credentials = sharedFetch(run.credentials);
  const log = endpointLog(ctx, run.debug);
  let ended = false;
  const endpoint = await startContainerEndpoint({
    answer: (req, port) =>
      ended
        ? Promise.resolve(sessionEnded())
        : answerRequest(req, {
            port,
            path: ENDPOINT_PATH,
            tokenDigest: digest,
            accountId: run.role.accountId,
            credentials,
            tokenFile: run.tokenFile,
          }),
    answered: (_req, answer) => log(answer),
  });
  let file: TokenFile | undefined;
  const uri = `http://127.0.0.1:${endpoint.port}${ENDPOINT_PATH}`;
  try {
    run.debug(`credentials endpoint on ${uri}`);
    if (run.tokenFile) file = await writeTokenFile(ctx.env, token);
    const auth: EndpointAuth = file ? { tokenFile: file.path } : { token };
    const env = containerEnvironment(ctx.env, run.role, uri, auth, run.marker);
    return await runForeground(run.command, run.args, { env, terminal: run.terminal });
  } finally {
    ended = true;
    await keepPortForLeftovers(ctx, endpoint.listener, uri);
    await endpoint.close();
    await file?.remove();
  }
}

/**
 * Background processes of the command may still ask the endpoint; a freed port could be taken by
 * another local user, whose answer the SDKs would believe. So while any of them runs, the port
 * stays bound, answering that the session ended (src/platform/endpoint-keeper.ts).
 */
async function keepPortForLeftovers(
  ctx: Context,
  listener: Parameters<typeof handOverEndpoint>[0],
  uri: string,
): Promise<void> {
  if (!endpointStillInUse(uri)) return;
  const held = await handOverEndpoint(listener, { uri, body: sessionEnded().body });
  ctx.io.stderr.write(
    held
      ? `awsid: processes started by the command still run; ${uri} stays reserved for them (answering that the session ended) until they exit\n`
      : `awsid: processes started by the command still run, and ${uri} could not be kept reserved for them: another local user could take that port\n`,
  );
}
