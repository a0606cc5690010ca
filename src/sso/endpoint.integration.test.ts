import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { describe, expect, it } from 'vitest';

import { startFakeIdc } from '../../test/fake-idc/index.js';
import { configuredEndpoint, pinnedEndpoint } from './endpoint.js';
import { oidcEndpointLabel } from './oidc-client.js';
import { portalEndpointLabel } from './portal.js';

const run = promisify(execFile);

describe('configuredEndpoint (the SDKs’ order for environment variables)', () => {
  it.each([
    [{}, undefined, undefined],
    [{ AWS_ENDPOINT_URL: 'http://all' }, 'http://all', 'http://all'],
    [
      { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc' },
      'http://oidc',
      'http://all',
    ],
    [{ AWS_ENDPOINT_URL_SSO: 'http://portal' }, undefined, 'http://portal'],
    [{ AWS_ENDPOINT_URL_SSO_OIDC: '', AWS_ENDPOINT_URL: 'http://all' }, 'http://all', 'http://all'],
    [
      { AWS_ENDPOINT_URL_SSO: 'http://p', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
      undefined,
    ],
    [
      { AWS_ENDPOINT_URL_SSO: 'http://p', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      undefined,
      'http://p',
    ],
  ])('%j -> oidc %s, portal %s', (env, oidc, portal) => {
    expect(configuredEndpoint('SSO_OIDC', env)).toBe(oidc);
    expect(configuredEndpoint('SSO', env)).toBe(portal);
  });

  it('gives the labels in messages the same answer', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SSO: 'http://portal' };
    expect(oidcEndpointLabel('eu-west-1', env)).toBe('http://all');
    expect(portalEndpointLabel('eu-west-1', env)).toBe('http://portal');
    expect(oidcEndpointLabel('eu-west-1', {})).toBe('oidc.eu-west-1.amazonaws.com');
    expect(portalEndpointLabel('eu-west-1', {})).toBe('portal.sso.eu-west-1.amazonaws.com');
  });
});

describe('pinnedEndpoint', () => {
  const endpointOf = async (region: string, env: Record<string, string>) => {
    const client: SSOOIDCClient = new SSOOIDCClient({
      region,
      ...pinnedEndpoint('SSO_OIDC', region, env, () => client.config.endpointProvider),
    });
    const { protocol, hostname, port } = await client.config.endpoint!();
    client.destroy();
    return `${protocol}//${hostname}${port ? `:${port}` : ''}`;
  };

  it('without a configured endpoint, is the regional one from the client’s rules (partition too)', async () => {
    expect(await endpointOf('us-east-1', {})).toBe('https://oidc.us-east-1.amazonaws.com');
    expect(await endpointOf('cn-north-1', {})).toBe('https://oidc.cn-north-1.amazonaws.com.cn');
    expect(await endpointOf('us-gov-west-1', { AWS_USE_FIPS_ENDPOINT: 'true' })).toBe(
      'https://oidc.us-gov-west-1.amazonaws.com',
    );
  });

  it('with one, is that one', async () => {
    expect(await endpointOf('us-east-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' })).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('the SDK reads no endpoint setting from process.env or the config file', async () => {
    // A child process, so this process's environment stays untouched: its process.env and config
    // file point elsewhere; only the Env handed to createOidcApi may decide.
    const fake = await startFakeIdc();
    const dir = await mkdtemp(join(tmpdir(), 'awsid-endpoint-'));
    try {
      const config = join(dir, 'config');
      await writeFile(config, '[default]\nendpoint_url = http://127.0.0.1:7\n');
      const script = `
        import { createOidcApi } from ${JSON.stringify(join(import.meta.dirname, 'oidc-client.ts'))};
        const api = createOidcApi('us-east-1', { AWS_ENDPOINT_URL_SSO_OIDC: process.argv[1] }, Date.now);
        const r = await api.registerClient({ clientName: 'endpoint-test', scopes: [] });
        console.log(api.endpointLabel, typeof r.clientId);`;
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, fake.url],
        {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            AWS_CONFIG_FILE: config,
            AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
            AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9',
            AWS_USE_FIPS_ENDPOINT: 'true',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
        },
      );
      expect(stdout.trim()).toBe(`${fake.url} string`);
      expect(fake.count('RegisterClient')).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await fake.close();
    }
  });
});
