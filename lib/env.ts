import { z } from "zod";
import { DATABASE_URL_PROTOCOLS } from "@/lib/database-url";

// The server's environment, validated once and typed everywhere. A missing or malformed variable
// fails with a message that names it, instead of a stack trace from deep inside a library.
// Optional integrations (SMTP, GitHub) are off when their variables are unset, and must be
// configured completely when they are set.

const databaseUrl = z
  .string({ error: "is required: the PostgreSQL (or Prisma Accelerate) connection string" })
  .min(1, "is required: the PostgreSQL (or Prisma Accelerate) connection string")
  .refine((value) => URL.canParse(value) && (DATABASE_URL_PROTOCOLS as readonly string[]).includes(new URL(value).protocol), {
    message: `must be a URL starting with ${DATABASE_URL_PROTOCOLS.map((p) => `${p}//`).join(", ")}`,
  });

const url = (what: string) => z.url({ error: `must be a URL (${what})` });
const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL (${what})` });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

// Exported for the documentation test: every variable it reads is listed in .env.example.
export const serverEnvShape = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  API_KEY_CACHE_TTL_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  // The request header your proxy or platform sets to the client's address (lib/client-ip.ts).
  CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be a header name, e.g. x-real-ip or x-forwarded-for (unset: the connection's address, or Vercel's header on Vercel)")
    .transform((name) => name.toLowerCase())
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")} (or unset for info)` }).optional(),
  // Every SQL statement Prisma sends, printed: opt-in, since it buries everything else in `npm run dev`.
  LOG_QUERIES: z.stringbool({ error: "must be true or false (1/0, yes/no, on/off)" }).default(false),
  // Tracing (lib/tracing/start.ts): on when either endpoint is set. The OpenTelemetry SDK reads these
  // and the other standard OTEL_* variables (headers, sampler…) itself; these are checked at boot.
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl("an OTLP/HTTP collector's base URL, e.g. http://localhost:4318").optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl("an OTLP/HTTP collector's traces URL, e.g. http://localhost:4318/v1/traces").optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  // Development only: print each trace slower than this many milliseconds as its tree of spans.
  TRACE_SLOW_MS: z.coerce
    .number({ error: "must be a whole number of milliseconds (e.g. 500), or unset" })
    .int("must be a whole number of milliseconds (e.g. 500), or unset")
    .min(0, "must be a whole number of milliseconds (e.g. 500), or unset")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)").optional(),
  NEXTAUTH_URL: url("the app's public origin, e.g. https://app.example.com").optional(),
  EMAIL_SERVER: url("an SMTP URL, e.g. smtp://user:pass@smtp.example.com:587").optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_…, sk_live_…, or a restricted rk_… key)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)")
    .optional(),
  STRIPE_PRICE_PRO_MONTHLY: z
    .string()
    .regex(/^price_\w+$/, "must be a Stripe price id (price_…)")
    .optional(),
  STRIPE_PRICE_PRO_YEARLY: z
    .string()
    .regex(/^price_\w+$/, "must be a Stripe price id (price_…)")
    .optional(),
  // Stripe accepts 1 to 730 days (subscription_data.trial_period_days).
  STRIPE_TRIAL_DAYS: z.coerce
    .number({ error: "must be a whole number of days between 1 and 730 (e.g. 14), or unset for no trial" })
    .int("must be a whole number of days between 1 and 730 (e.g. 14), or unset for no trial")
    .min(1, "must be a whole number of days between 1 and 730 (e.g. 14), or unset for no trial")
    .max(730, "must be at most 730 days (Stripe's longest trial), or unset for no trial")
    .optional(),
  STRIPE_API_BASE: url("where Stripe API calls go instead of api.stripe.com, e.g. http://127.0.0.1:12111").optional(),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters (generate one with: openssl rand -hex 32)").optional(),
});

const serverEnvSchema = serverEnvShape.superRefine((env, ctx) => {
  const require = (key: keyof typeof env, message: string) => {
    if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message });
  };
  if (env.NODE_ENV === "production") require("NEXTAUTH_SECRET", "is required in production: it signs sessions and hashes sign-in tokens");
  if (env.EMAIL_SERVER) require("EMAIL_FROM", "is required when EMAIL_SERVER is set (the sender of sign-in emails)");
  if (env.EMAIL_FROM) require("EMAIL_SERVER", "is required when EMAIL_FROM is set (the SMTP server that sends sign-in emails)");
  if (env.GITHUB_ID) require("GITHUB_SECRET", "is required when GITHUB_ID is set");
  if (env.GITHUB_SECRET) require("GITHUB_ID", "is required when GITHUB_SECRET is set");
  const stripe = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_PRO_MONTHLY"] as const;
  if (stripe.some((key) => env[key])) {
    for (const key of stripe) require(key, `is required when billing is configured (${stripe.filter((k) => k !== key).join(", ")} set)`);
  }
  if (env.NODE_ENV === "production" && env.STRIPE_API_BASE && !isLocalTestStripe(env.STRIPE_API_BASE, env.STRIPE_SECRET_KEY)) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_API_BASE"],
      message: "is refused in production: it sends Stripe API calls (and the secret key) elsewhere than api.stripe.com. Unset it.",
    });
  }
});

/**
 * The one redirection production accepts: a test-mode key to a loopback address — a fake Stripe
 * on the same machine, for end-to-end tests of the production build. No live key, no remote host.
 */
function isLocalTestStripe(base: string, key: string | undefined) {
  const host = new URL(base).hostname;
  return /^(sk|rk)_test_/.test(key ?? "") && ["127.0.0.1", "localhost", "[::1]"].includes(host);
}

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

/**
 * LOG_LEVEL on its own: the logger reads it when it is first imported, apart from (and possibly
 * before) the rest of the environment, and must fail with the variable's name too.
 */
export function logLevelFrom(source: Record<string, string | undefined>): ServerEnv["LOG_LEVEL"] {
  const result = serverEnvShape.shape.LOG_LEVEL.safeParse(source.LOG_LEVEL || undefined);
  if (!result.success) throw new EnvError([`LOG_LEVEL ${result.error.issues[0]!.message}`]);
  return result.data;
}

/**
 * `FOO=` in an .env file means "not set", as it does for most tools — also for the libraries that
 * read process.env themselves (next-auth, pino, Prisma): the empty values are removed at boot
 * (instrumentation-node.ts, scripts/dev.ts), so `cp .env.example .env` leaves every variable unset.
 */
export function unsetEmptyVariables(env: Record<string, string | undefined> = process.env) {
  for (const [name, value] of Object.entries(env)) if (value === "") delete env[name];
}

let cached: ServerEnv | undefined;

/** The validated environment of this process; validated on first use. */
export function getServerEnv(): ServerEnv {
  return (cached ??= parseServerEnv(process.env));
}

// `FOO=` means "not set" (see unsetEmptyVariables).
function withoutEmptyStrings(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}
