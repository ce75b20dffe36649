// The generator's tests name their features by what a checkout has not taken: a user following the
// README generates Project (its example), or any other name, and the tests must still pass there.
import { planFeature } from "@/scripts/new-feature/generate";

/** `name`, or `name` with a letter after it: the first one `npm run new:feature` accepts in `root`. */
export function untakenFeatureName(root: string, name: string): string {
  for (const suffix of ["", ..."ABCDEFGH"]) {
    try {
      planFeature(root, [`${name}${suffix}`, "name:string"]);
      return `${name}${suffix}`;
    } catch {
      // Taken: try the next one.
    }
  }
  throw new Error(`${name} and its variants are all taken in ${root}`);
}
