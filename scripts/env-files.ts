// The .env files, read before anything decides on them: `npm run dev` chooses its database (and
// the embedded one its folder and port) before Next.js starts and reads them itself. The same files
// in the same order as Next.js and prisma.config.ts, and `FOO=` is unset, as in the app (lib/env.ts).
import nextEnv from "@next/env"; // CommonJS: no named exports under Node's ESM loader
import { unsetEmptyVariables } from "../lib/env.ts";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
unsetEmptyVariables();
