// What every version of the example app does with authors. Each version implements it against
// its own generated Prisma client, i.e. against the columns it knows about.
export type Authors = {
  create(email: string, name: string): Promise<number>;
  rename(id: number, name: string): Promise<void>;
  readName(id: number): Promise<string | null>;
  disconnect(): Promise<void>;
};
