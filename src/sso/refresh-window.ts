/**
 * Refresh the access token when fewer than 15 minutes remain: botocore's refresh window (botocore
 * tokens.py `_REFRESH_WINDOW`; docs/protocol.md, "Refresh rules"), wider than the JS SDK's 5
 * minutes, so tokens handed to any SDK never look stale to it.
 */
export const TOKEN_REFRESH_WINDOW_MS = 15 * 60 * 1000;
