// Runs the real Prisma CLI, the way a user would, against a test database.
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");
import { SCHEMA_ENGINE_BINARY } from "@starter/schema-engine";
import { definedOnly, runCaptured, type CapturedRun } from "./processes.ts";

export const schemaEngine = SCHEMA_ENGINE_BINARY;

type Env = Record<string, string | undefined>;

export function prismaCli(args: string[], options: { cwd: string; env?: Env }): Promise<CapturedRun> {
  return runCaptured(path.join(projectRoot, "node_modules", ".bin", "prisma"), args, {
    cwd: options.cwd,
    // A dead mirror: any attempt to download an engine fails loudly instead of succeeding quietly.
    env: definedOnly({ ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9", ...options.env }),
  });
}

/**
 * A throwaway Prisma project (schema, migrations folder, config) using this repo's node_modules
 * and the project's schema engine. `url()` is read from DATABASE_URL at each CLI run.
 */
export async function createPrismaProject(schemaModels: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "prisma-project-"));
  await symlink(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  await mkdir(path.join(dir, "migrations"));
  await writeFile(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "", shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || undefined },
});
`,
  );
  const project = {
    dir,
    async writeSchema(models: string) {
      await writeFile(path.join(dir, "schema.prisma"), `datasource db {\n  provider = "postgresql"\n}\n\n${models}\n`);
    },
    async writeMigration(name: string, sql: string) {
      await mkdir(path.join(dir, "migrations", name), { recursive: true });
      await writeFile(path.join(dir, "migrations", name, "migration.sql"), sql);
    },
    run(args: string[], databaseUrl: string, env: Env = {}) {
      return prismaCli(args, { cwd: dir, env: { DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine, ...env } });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await project.writeSchema(schemaModels);
  return project;
}
