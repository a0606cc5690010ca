import { describe, expect, it } from 'vitest';

import { NotLoggedInError } from '../../core/errors.js';
import {
  formatCredentialProcessOutput,
  formatExpiration,
} from '../../credentials/credential-process-output.js';
import { DaemonUnavailableError, RemoteDaemonError } from '../errors.js';
import { parseRequest } from './parse-request.js';
import { lineSplitter, parseResponse } from './protocol.js';
import { fromWireError, toWireError } from './wire-errors.js';

describe('daemon protocol', () => {
  it('splits a stream into lines across chunk boundaries and stops at an oversized line', () => {
    const lines: string[] = [];
    let overflow = 0;
    const feed = lineSplitter(
      (l) => lines.push(l),
      () => (overflow += 1),
      16,
    );
    feed('{"a":1}\n{"b"');
    feed(':2}\n\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    feed('x'.repeat(40));
    feed('\n');
    expect(overflow).toBe(1);
    expect(lines).toHaveLength(2);
  });

  it('parses responses and rejects garbage', () => {
    expect(parseResponse('{"id":1,"result":{"ok":true}}')).toEqual({ id: 1, result: { ok: true } });
    expect(parseResponse('{"id":2,"error":{"code":"X","message":"m","exitCode":4}}')).toEqual({
      id: 2,
      error: { code: 'X', message: 'm', exitCode: 4 },
    });
    expect(parseResponse('nope')).toBeUndefined();
    expect(parseResponse('{"id":"1","result":1}')).toBeUndefined();
  });

  it('checks requests: method, params, and protocol version except for hello and shutdown', () => {
    expect(parseRequest('{"v":1,"id":3,"method":"status"}')).toMatchObject({ params: {} });
    expect(() => parseRequest('{"v":1,"id":3,"method":"rm"}')).toThrow(/no method 'rm'/);
    expect(() => parseRequest('{"v":9,"id":3,"method":"getCredentials","params":{}}')).toThrow(
      DaemonUnavailableError,
    );
    expect(parseRequest('{"v":9,"id":3,"method":"hello","params":{}}').method).toBe('hello');
  });

  it('carries errors across with class, hint and exit code; unknown classes keep their code', () => {
    const wire = toWireError(new NotLoggedInError('ended', { hint: 'awsid login' }));
    expect(wire).toEqual({
      code: 'NotLoggedInError',
      message: 'ended',
      hint: 'awsid login',
      exitCode: 3,
    });
    const back = fromWireError(wire);
    expect(back).toBeInstanceOf(NotLoggedInError);
    expect(back.hint).toBe('awsid login');
    const future = fromWireError({ code: 'FutureError', message: 'new', exitCode: 42 });
    expect(future).toBeInstanceOf(RemoteDaemonError);
    expect(future.exitCode).toBe(42);
    expect(toWireError(new TypeError('boom'))).toMatchObject({
      code: 'InternalError',
      exitCode: 1,
    });
  });

  it('formats Expiration as RFC 3339 UTC without fraction', () => {
    expect(formatExpiration(Date.UTC(2026, 10, 28, 1, 26, 18, 999))).toBe('2026-11-28T01:26:18Z');
    const doc = JSON.parse(
      formatCredentialProcessOutput({
        accessKeyId: 'A',
        secretAccessKey: 'S',
        sessionToken: 'T',
        expiration: Date.UTC(2026, 10, 28, 1, 26, 18),
      }),
    ) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'Version',
      'AccessKeyId',
      'SecretAccessKey',
      'SessionToken',
      'Expiration',
    ]);
  });
});
