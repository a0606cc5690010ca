/**
 * The `Date` header of one HEAD request, for clock-skew. Any status will do (the OIDC endpoint
 * answers `/` with an error page, dated like every response); the body is never read.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export function fetchDate(url: string, signal: AbortSignal): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`not a URL: ${url}`));
      return;
    }
    const request = target.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = request(target, { method: 'HEAD', signal }, (res) => {
      res.resume();
      const date = res.headers.date;
      const ms = date === undefined ? NaN : Date.parse(date);
      resolve(Number.isFinite(ms) ? ms : undefined);
    });
    req.on('error', reject);
    req.end();
  });
}
