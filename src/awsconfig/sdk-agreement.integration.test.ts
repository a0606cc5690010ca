import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';

import { fromIni } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomConfigText, rng } from '../../test/fixtures/awsconfig/random-config.js';
import {
  asBotocore,
  asJs,
  botocoreRead,
  botocoreUnavailable,
  jsRead,
} from '../../test/fixtures/awsconfig/sdk-readers.js';
import { parseConfigDocument, serialize } from './document.js';
import { removeSection, setKey, setNestedKey, upsertSection } from './edit.js';
import { saveConfigFile } from './file.js';
import { resolveConfig, type AwsConfig } from './resolve.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/awsconfig');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid-sdk-agree-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeCase(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** botocore refuses the file exactly when resolve.ts reports an error that is botocore's. */
function botocoreRefuses(cfg: AwsConfig): boolean {
  return cfg.problems.some((p) => p.severity === 'error' && p.kind !== 'sdk-disagreement');
}

/** What awsid writes: a session, generated profiles, a services block, an edit of each kind. */
function awsidEdits(text: string): string {
  let doc = parseConfigDocument(text);
  doc = upsertSection(doc, { kind: 'sso-session', name: 'corp' }, [
    ['sso_start_url', 'https://d-1234567890.awsapps.com/start'],
    ['sso_region', 'eu-west-1'],
    ['sso_registration_scopes', 'sso:account:access'],
  ]);
  doc = upsertSection(doc, { kind: 'profile', name: 'corp-dev.Admin' }, [
    ['sso_session', 'corp'],
    ['sso_account_id', '111111111111'],
    ['sso_role_name', 'Admin'],
    ['services', 'corp-local'],
    ['awsid_generated', 'corp'],
  ]);
  doc = upsertSection(doc, { kind: 'services', name: 'corp-local' }, [
    ['sso', { endpoint_url: 'http://127.0.0.1:4566' }],
    ['sso_oidc', { endpoint_url: 'http://127.0.0.1:4566' }],
  ]);
  doc = setKey(doc, { kind: 'default' }, 'region', 'eu-west-1');
  doc = setNestedKey(
    doc,
    { kind: 'profile', name: 'corp-dev.Admin' },
    's3',
    'addressing_style',
    'path',
  );
  doc = removeSection(upsertSection(doc, { kind: 'profile', name: 'gone' }, [['region', 'x']]), {
    kind: 'profile',
    name: 'gone',
  });
  return serialize(doc);
}

describe('the JS SDK reads what resolve.ts reads', () => {
  it('for the realistic fixture and for the same file after awsid edits', async () => {
    const text = await readFile(join(FIXTURES, 'real-world.ini'), 'utf8');
    for (const [name, t] of [
      ['real.ini', text],
      ['real-edited.ini', awsidEdits(text)],
      ['real-edited-crlf.ini', awsidEdits(text.replace(/\n/g, '\r\n').slice(0, -2))],
      ['new.ini', awsidEdits('')],
    ] as const) {
      const path = await writeCase(name, t);
      const cfg = resolveConfig(t, path);
      expect(cfg.problems, name).toEqual([]);
      expect(await jsRead(path), name).toEqual(asJs(cfg));
    }
    const edited = resolveConfig(awsidEdits(text), 'x');
    expect(edited.profiles.get('corp-dev.Admin')?.nested.s3).toEqual({ addressing_style: 'path' });
    expect(edited.services.get('corp-local')?.nested.sso_oidc).toEqual({
      endpoint_url: 'http://127.0.0.1:4566',
    });
  });

  it('for 300 random tidy files before and after awsid edits (no problem reported, same values)', async () => {
    const r = rng(20261128);
    for (let i = 0; i < 300; i++) {
      const before = randomConfigText(r);
      for (const [tag, t] of [
        ['before', before],
        ['after', awsidEdits(before)],
      ] as const) {
        const path = await writeCase(`tidy-${i}-${tag}.ini`, t);
        const cfg = resolveConfig(t, path);
        expect(cfg.problems, JSON.stringify(t)).toEqual([]);
        expect(await jsRead(path), JSON.stringify(t)).toEqual(asJs(cfg));
      }
    }
  });

  it('for 600 random wild files: whenever the JS SDK reads something else, a problem says so', async () => {
    const r = rng(7);
    for (let i = 0; i < 600; i++) {
      const t = randomConfigText(r, { wild: true });
      const path = await writeCase(`wild-${i}.ini`, t);
      const cfg = resolveConfig(t, path);
      const same = isDeepStrictEqual(await jsRead(path), asJs(cfg));
      if (!same) expect(cfg.problems.length, JSON.stringify(t)).toBeGreaterThan(0);
    }
  });
});

const noBotocore = botocoreUnavailable();
if (noBotocore) console.warn(noBotocore);

describe.skipIf(noBotocore)('botocore reads what resolve.ts reads', () => {
  async function check(texts: readonly string[], prefix: string): Promise<number> {
    const paths = await Promise.all(texts.map((t, i) => writeCase(`${prefix}-${i}.ini`, t)));
    const views = await botocoreRead(paths);
    let refused = 0;
    texts.forEach((t, i) => {
      const cfg = resolveConfig(t, paths[i]!);
      const view = views[i]!;
      const label = JSON.stringify(t);
      expect('error' in view, `${label} ${JSON.stringify(view)}`).toBe(botocoreRefuses(cfg));
      if ('error' in view) refused++;
      else expect(view, label).toEqual(asBotocore(cfg));
    });
    return refused;
  }

  it('for the fixtures', async () => {
    const names = ['real-world.ini', 'styles.ini', 'odd.ini'];
    const texts = await Promise.all(names.map((n) => readFile(join(FIXTURES, n), 'utf8')));
    expect(await check(texts, 'fixture')).toBe(0);
  });

  it('for random tidy files, edited by awsid', async () => {
    const r = rng(99);
    const texts = Array.from({ length: 300 }, () => randomConfigText(r));
    expect(await check([...texts, ...texts.map(awsidEdits)], 'b-tidy')).toBe(0);
  });

  it('for random wild files, including which ones botocore refuses', async () => {
    const r = rng(12345);
    const texts = Array.from({ length: 800 }, () => randomConfigText(r, { wild: true }));
    const refused = await check(texts, 'b-wild');
    // Both outcomes must be exercised for the comparison to mean something.
    expect(refused).toBeGreaterThan(50);
    expect(refused).toBeLessThan(750);
  });
});

describe('a profile awsid writes is used by both SDKs for real', () => {
  /**
   * A credential_process that prints fixed Version-1 credentials (docs/protocol.md,
   * "credential_process output").
   */
  async function setup(): Promise<{ config: string; missing: string }> {
    const script = join(dir, 'creds.mjs');
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    await writeFile(
      script,
      `process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIDAWSIDTEST',SecretAccessKey:'s',SessionToken:'t',Expiration:'${expiration}'}))`,
    );
    const config = join(dir, 'e2e', 'config');
    const before = '# mine\n[default]\nregion = us-east-1 ; keep\n';
    await saveConfigFile(config, before);
    const doc = upsertSection(parseConfigDocument(before), { kind: 'profile', name: 'awsid-e2e' }, [
      ['credential_process', `${process.execPath} ${script}`],
      ['region', 'eu-west-1'],
    ]);
    await saveConfigFile(config, serialize(doc));
    return { config, missing: join(dir, 'e2e', 'no-credentials') };
  }

  it('the JS SDK (fromIni) runs its credential_process', async () => {
    const { config, missing } = await setup();
    const creds = await fromIni({
      profile: 'awsid-e2e',
      configFilepath: config,
      filepath: missing,
      ignoreCache: true,
    })();
    expect(creds.accessKeyId).toBe('AKIDAWSIDTEST');
  });

  it.skipIf(noBotocore)('botocore (Session(profile=...)) runs its credential_process', async () => {
    const { config, missing } = await setup();
    const { stdout } = await promisify(execFile)(
      'python3',
      [
        '-c',
        "import botocore.session as s; print(s.Session(profile='awsid-e2e').get_credentials().access_key)",
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_CONFIG_FILE: config,
          AWS_SHARED_CREDENTIALS_FILE: missing,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    expect(stdout.trim()).toBe('AKIDAWSIDTEST');
  });
});
