// A throwaway copy of the working tree (test/support/working-tree.ts), removed with the bench's
// other leftovers: the hot-reload runs edit lib/db.ts 20 times, and `npm run dev` runs in it, never
// in the real tree, which people (and their editors and dev servers) are working in meanwhile.
import { copyWorkingTree as copy } from "../../test/harness.ts";
import type { Cleanup } from "./cleanup.ts";

export async function copyWorkingTree(cleanup: Cleanup): Promise<string> {
  const tree = await copy();
  cleanup.add(`copy of the working tree (${tree.root})`, tree.remove);
  return tree.root;
}
