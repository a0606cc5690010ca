/**
 * A lone carriage return in the config (`\r` not followed by `\n`): checked against the real
 * readers. botocore (universal newlines) breaks the line there, the JS SDK does not, so awsid
 * reports the line as an error and never rewrites the file; a `\r` that only precedes the line
 * ending is read alike by both and accepted.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  asBotocore,
  asJs,
  botocoreRead,
  botocoreUnavailable,
  jsRead,
} from '../../test/fixtures/awsconfig/sdk-readers.js';
import { withConfigLock } from './file.js';
import { configSyntaxError } from './problems.js';
import { resolveConfig } from './resolve.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-lone-cr-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const LONE = '[profile a]\nregion = eu-west-1\routput = json\n[profile b]\nregion = us-east-1\n';
const TRAILING = '[profile a]\r\nregion = eu-west-1\r\r\n[profile b]\nregion = us-east-1\r\n';

const noBotocore = botocoreUnavailable();

describe('a lone carriage return', () => {
  it.skipIf(noBotocore)(
    'is read differently by botocore and the JS SDK (the premise)',
    async () => {
      const path = join(dir, 'lone');
      await writeFile(path, LONE);
      const [boto] = await botocoreRead([path]);
      expect(boto).toMatchObject({ profiles: { a: { region: 'eu-west-1', output: 'json' } } });
      expect((await jsRead(path)).a).toEqual({ region: 'eu-west-1\routput = json' });
    },
  );

  it('is an error naming the line, so no command rewrites the file', async () => {
    const path = join(dir, 'config');
    await writeFile(path, LONE);
    const cfg = resolveConfig(LONE, path);
    const e = configSyntaxError(cfg);
    expect(e?.message).toBe(
      `${path} line 2: a carriage return inside the line (a lone "\\r" line ending): botocore starts a new line there, the JS SDK does not`,
    );
    expect(e?.hint).toBe(
      `replace each lone carriage return with a line break on line 2 of ${path}`,
    );
    await expect(withConfigLock(path, (t) => `${t}[profile c]\nregion = x\n`)).rejects.toThrow(
      'a carriage return inside the line',
    );
    expect(await readFile(path, 'utf8')).toBe(LONE);
  });

  it.skipIf(noBotocore)(
    'before the line ending only: both SDKs read what awsid reads',
    async () => {
      const path = join(dir, 'trailing');
      await writeFile(path, TRAILING);
      const cfg = resolveConfig(TRAILING, path);
      expect(cfg.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const [boto] = await botocoreRead([path]);
      expect(boto).toEqual(asBotocore(cfg));
      expect(await jsRead(path)).toEqual(asJs(cfg));
    },
  );
});
