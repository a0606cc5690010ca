/** Reads the fields the AWS SDK v3 puts on a service exception without importing its classes. */
export interface SdkErrorInfo {
  name: string;
  status: number | undefined;
  /** True when the service answered with its own modeled error (not a network failure). */
  fromService: boolean;
}

export function sdkErrorInfo(e: unknown): SdkErrorInfo {
  const err = e as { name?: unknown; $metadata?: { httpStatusCode?: unknown }; $fault?: unknown };
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const status =
    typeof err?.$metadata?.httpStatusCode === 'number' ? err.$metadata.httpStatusCode : undefined;
  return { name, status, fromService: status !== undefined && err.$fault !== undefined };
}
