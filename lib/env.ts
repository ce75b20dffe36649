import { z } from "zod";
import { DATABASE_URL_PROTOCOLS } from "@/lib/database-url";

// The server's environment, validated once and typed everywhere. A missing or malformed variable
// fails with a message that names it, instead of a stack trace from deep inside a library.

const databaseUrl = z
  .string({ error: "is required: the PostgreSQL (or Prisma Accelerate) connection string" })
  .min(1, "is required: the PostgreSQL (or Prisma Accelerate) connection string")
  .refine((value) => URL.canParse(value) && (DATABASE_URL_PROTOCOLS as readonly string[]).includes(new URL(value).protocol), {
    message: `must be a URL starting with ${DATABASE_URL_PROTOCOLS.map((p) => `${p}//`).join(", ")}`,
  });

const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverEnvSchema.safeParse(withoutEmptyStrings(source));
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  return result.data;
}

let cached: ServerEnv | undefined;

/** The validated environment of this process; validated on first use. */
export function getServerEnv(): ServerEnv {
  return (cached ??= parseServerEnv(process.env));
}

// `FOO=` in an .env file means "not set", as it does for most tools.
function withoutEmptyStrings(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}
