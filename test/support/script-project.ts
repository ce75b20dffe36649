// A project folder of its own running this checkout's release commands (`npm run db:deploy`,
// `npm run db:backfill`) on its own prisma/migrations and prisma/backfills: scripts/*.ts and
// prisma.config.ts are copied (they find the project from where they sit), lib/ and node_modules are
// linked.
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "./prisma-cli.ts";
import { runScript } from "./scripts.ts";

/** The release commands a test runs in the project. */
type ReleaseCommand = "db-deploy.ts" | "db-backfill.ts";

export async function createScriptProject() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "script-project-"));
  for (const shared of ["node_modules", "lib"]) await symlink(path.join(projectRoot, shared), path.join(dir, shared), "dir");
  for (const file of ["package.json", "tsconfig.json", "prisma.config.ts"]) await copyFile(path.join(projectRoot, file), path.join(dir, file));
  await mkdir(path.join(dir, "scripts"));
  // Every entry point and the modules they share (whatever the commands import from beside them).
  for (const file of await readdir(path.join(projectRoot, "scripts"))) {
    if (file.endsWith(".ts") && !file.endsWith(".test.ts")) await copyFile(path.join(projectRoot, "scripts", file), path.join(dir, "scripts", file));
  }
  const prisma = path.join(dir, "prisma");
  await mkdir(path.join(prisma, "migrations"), { recursive: true });
  await mkdir(path.join(prisma, "backfills"));
  await writeFile(path.join(prisma, "schema.prisma"), 'datasource db {\n  provider = "postgresql"\n}\n');
  await writeFile(path.join(prisma, "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
  return {
    dir,
    backfillsDir: path.join(prisma, "backfills"),
    migrationsDir: path.join(prisma, "migrations"),
    async writeMigration(name: string, sql: string) {
      await mkdir(path.join(prisma, "migrations", name));
      await writeFile(path.join(prisma, "migrations", name, "migration.sql"), sql);
    },
    writeBackfill: (name: string, source: string) => writeFile(path.join(prisma, "backfills", `${name}.ts`), source),
    /** `npm run <script>` in the project, with only the database variables `env` gives. */
    run(script: ReleaseCommand, args: string[], env: Record<string, string>) {
      return runScript(path.join(dir, "scripts", script), args, {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", CHECKPOINT_DISABLE: "1", ...env },
      });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export type ScriptProject = Awaited<ReturnType<typeof createScriptProject>>;
