/** A snapshot of the environment, taken once in main and passed down (never read process.env elsewhere). */
export type Env = Readonly<Record<string, string | undefined>>;
