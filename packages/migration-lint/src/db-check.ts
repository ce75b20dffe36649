// `npm run db:check` (the package's `db-check` bin, through bin/db-check.mjs): flags dangerous
// statements in new Prisma migrations. Exit 0: nothing to fix; 1: findings; 2: a migration that does
// not parse, or a usage error.
import { runDbCheck } from "./cli.ts";

process.exitCode = await runDbCheck(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
