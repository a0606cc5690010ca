/**
 * Opaque `nextToken`s for ListAccounts / ListAccountRoles (docs/protocol.md, "Portal operations").
 */
import { PortalError } from './errors.js';
import type { SecretMint } from './secrets.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export class Pager {
  private readonly cursors = new Map<string, { listing: string; offset: number }>();

  constructor(private readonly mint: SecretMint) {}

  /** `listing` names what is paged (a token from another listing is rejected). */
  page<T>(
    listing: string,
    all: readonly T[],
    nextToken: string | undefined,
    size: number,
  ): Page<T> {
    let offset = 0;
    if (nextToken !== undefined) {
      const cursor = this.cursors.get(nextToken);
      if (!cursor || cursor.listing !== listing) {
        throw new PortalError('InvalidRequestException', 'Invalid next token');
      }
      offset = cursor.offset;
    }
    const items = all.slice(offset, offset + size);
    const end = offset + items.length;
    if (end >= all.length) return { items };
    const token = this.mint.pageToken();
    this.cursors.set(token, { listing, offset: end });
    return { items, nextToken: token };
  }
}
