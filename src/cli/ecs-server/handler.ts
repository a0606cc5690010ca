/**
 * The one request the container-credentials endpoint of `awsid exec --ecs-server` answers: GET of
 * its path, from a client that sent the exact token and addressed loopback by name and port. The
 * shapes are what botocore's `ContainerProvider` (botocore/credentials.py, utils.py
 * `ContainerMetadataFetcher`) and the JS SDK's `fromHttp` / `fromContainerMetadata` parse. Pure:
 * the socket lives in src/platform/container-endpoint.ts, credentials come through `credentials()`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { AwsidError } from '../../core/errors.js';
import type { RoleCredentials } from '../../core/model.js';
import { formatExpiration } from '../../credentials/credential-process-output.js';
import type { EndpointAnswer, EndpointRequest } from '../../platform/container-endpoint.js';

export interface EndpointPolicy {
  port: number;
  path: string;
  /** SHA-256 of the token; compared in constant time with the digest of what the client sent. */
  tokenDigest: Buffer;
  accountId: string;
  credentials: () => Promise<RoleCredentials>;
  /** The token went to the child as a file (`--ecs-token-file`), which older clients never read. */
  tokenFile?: boolean;
}

/**
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE arrived in the SDKs in late 2023; clients from before
 * (AWS CLI 2.9, botocore 1.29, the Go SDKs of that time, the JS SDK's fromContainerMetadata) read
 * only AWS_CONTAINER_AUTHORIZATION_TOKEN and send no token at all.
 */
export const NO_TOKEN_FROM_FILE =
  'no Authorization token: this client does not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (clients released before late 2023: AWS CLI 2.9, botocore 1.29, the Go SDKs of that time, the JS SDK fromContainerMetadata); run awsid exec --ecs-server without --ecs-token-file for them (the token then goes in AWS_CONTAINER_AUTHORIZATION_TOKEN)';

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Code/Message is the error shape `fromHttp` lifts from a 4xx body; botocore shows the body. */
function refuse(status: number, code: string, message: string): EndpointAnswer {
  return { status, body: JSON.stringify({ Code: code, Message: message }), note: message };
}

/**
 * A page in a browser can make a request to 127.0.0.1 with any name that resolves there (DNS
 * rebinding); it cannot forge the Host header, so only the two loopback names with our port pass.
 */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

function tokenMatches(sent: string, digest: Buffer): boolean {
  return timingSafeEqual(tokenDigest(sent), digest);
}

/** The checks before any credential is fetched, in an order that tells a prober nothing. */
function check(req: EndpointRequest, policy: EndpointPolicy): EndpointAnswer | undefined {
  if (!hostAllowed(req.host, policy.port)) return refuse(403, 'Forbidden', 'Host not allowed');
  // Browsers send Origin on cross-origin requests; SDKs never do (aws-vault refuses it too).
  if (req.origin !== undefined) return refuse(403, 'Forbidden', 'Origin header not allowed');
  if (req.authorization === undefined || req.authorization === '') {
    return refuse(
      401,
      'Unauthorized',
      policy.tokenFile ? NO_TOKEN_FROM_FILE : 'no Authorization token',
    );
  }
  if (!tokenMatches(req.authorization, policy.tokenDigest)) {
    return refuse(403, 'Forbidden', 'wrong Authorization token');
  }
  if (req.target !== policy.path) return refuse(404, 'NotFound', 'no such path');
  if (req.method !== 'GET') return refuse(405, 'MethodNotAllowed', 'only GET is served');
  return undefined;
}

function failed(e: unknown): EndpointAnswer {
  if (!(e instanceof AwsidError)) {
    return refuse(500, 'InternalError', 'awsid could not get credentials (see its stderr)');
  }
  const text = e.hint ? `${e.message}; run: ${e.hint}` : e.message;
  // 4xx: the JS SDK carries Code and Message only from a 4xx body; botocore prints any body.
  return { ...refuse(400, e.name.replace(/Error$/, ''), text), failure: text };
}

/**
 * What the endpoint answers once the command it served has ended (and what the keeper of its
 * port answers to left-over background processes: src/platform/endpoint-keeper.ts).
 */
export function sessionEnded(): EndpointAnswer {
  return refuse(
    400,
    'SessionEnded',
    'the awsid exec --ecs-server run that started this process has ended and serves no more credentials; run the command again under awsid exec --ecs-server',
  );
}

export async function answerRequest(
  req: EndpointRequest,
  policy: EndpointPolicy,
): Promise<EndpointAnswer> {
  const refused = check(req, policy);
  if (refused) return refused;
  let creds: RoleCredentials;
  try {
    creds = await policy.credentials();
  } catch (e) {
    return failed(e);
  }
  const body = JSON.stringify({
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: formatExpiration(creds.expiration),
    AccountId: policy.accountId,
  });
  return { status: 200, body, note: `credentials until ${formatExpiration(creds.expiration)}` };
}
