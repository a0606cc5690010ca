/** Placeholder composition root; replaced by the real one below in the login work. */
export function main(_argv: string[]): Promise<number> {
  return Promise.resolve(0);
}
