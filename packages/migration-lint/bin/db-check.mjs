// `npm run db:check`: scripts/db-check.ts, precompiled to plain JS (scripts/precompiled.mjs) so that
// it starts in a fraction of the time tsx takes. Same arguments, output and exit status.
import { precompiled } from "./precompiled.mjs";

await import((await precompiled("scripts/db-check.ts")).url);
