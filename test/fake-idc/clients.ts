/** Client registrations (RegisterClient, docs/protocol.md). */
import { OidcError } from './errors.js';
import type { SecretMint } from './secrets.js';

export interface Client {
  clientId: string;
  clientSecret: string;
  clientName: string;
  /** Epoch seconds, as on the wire. */
  issuedAtSec: number;
  expiresAtSec: number;
  scopes: string[] | undefined;
  /** Undefined means "not restricted" (the device flow registers without grantTypes). */
  grantTypes: string[] | undefined;
  redirectUris: string[] | undefined;
  /** PKCE registrations name the start URL they sign in to. */
  issuerUrl: string | undefined;
}

export interface Registration {
  clientName: string;
  scopes: string[] | undefined;
  grantTypes: string[] | undefined;
  redirectUris: string[] | undefined;
  issuerUrl: string | undefined;
}

export class ClientStore {
  private readonly byId = new Map<string, Client>();

  constructor(
    private readonly mint: SecretMint,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  register(r: Registration): Client {
    const issuedAtSec = Math.floor(this.now() / 1000);
    const client: Client = {
      ...r,
      clientId: this.mint.clientId(),
      clientSecret: this.mint.clientSecret(),
      issuedAtSec,
      expiresAtSec: issuedAtSec + Math.max(1, Math.round(this.ttlMs / 1000)),
    };
    this.byId.set(client.clientId, client);
    return client;
  }

  /** The live registration for this id (no secret: the browser's /authorize), else undefined. */
  live(clientId: string): Client | undefined {
    const client = this.byId.get(clientId);
    return client && this.now() < client.expiresAtSec * 1000 ? client : undefined;
  }

  /**
   * The live registration for this id and secret, else InvalidClientException (401, "OIDC errors").
   */
  authenticate(clientId: string, clientSecret: string): Client {
    const client = this.byId.get(clientId);
    if (!client) throw new OidcError('InvalidClientException', 'Invalid client provided');
    if (client.clientSecret !== clientSecret) {
      throw new OidcError('InvalidClientException', 'Invalid client secret provided');
    }
    if (this.now() >= client.expiresAtSec * 1000) {
      throw new OidcError('InvalidClientException', 'Client registration has expired');
    }
    return client;
  }

  /** May this client use `grantType`? Unrestricted registrations may use all of them. */
  allows(client: Client, grantType: string): boolean {
    return client.grantTypes === undefined || client.grantTypes.includes(grantType);
  }

  expireAll(): void {
    const nowSec = Math.floor(this.now() / 1000);
    for (const c of this.byId.values()) c.expiresAtSec = Math.min(c.expiresAtSec, nowSec);
  }
}
