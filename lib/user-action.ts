// The one way a dashboard server action runs (in the spirit of nextjs/saas-starter's
// validatedActionWithUser): the signed-in user (or a redirect to sign-in), the input validated
// with zod, the same limits as the API — the organization's plan's requests per minute
// (lib/organizations/entitlements.ts) and a share of the pool in flight per user
// (lib/rate-limit/per-user.ts) — what the user's role allows (`permission`,
// lib/organizations/permissions.ts), and one result type. What the user can act on
// becomes a message here, in one place; anything else is a bug and propagates to the error
// boundary, as do redirect() and notFound(), which Next.js implements as thrown errors.
//
// The rules every feature (lib/posts, lib/api-keys, lib/users, lib/billing) follows, so that every
// action, and every API route, reads the same (also in CONTRIBUTING.md):
// - Input rules are zod schemas exported by lib/<feature>; the caller parses (this wrapper, or the
//   API's handler) and lib/ functions take the parsed type. A form's limits (maxLength, choices)
//   come from the same schema's constants, passed in by its server page.
// - A domain refusal is thrown, never returned: a UserFacingError subclass from lib/<feature>
//   (PlanLimitError, ApiKeyLimitError, BillingError, RateLimitedError…), its message written for
//   the user. Here it becomes `{ status: "failed", error }`; the API maps its kind to a status.
// - Absence is a value, not an error: another user's or a deleted row reads and writes as null or
//   false, because what it means is the caller's call (a 404 for the API, "already gone" here).
import type { Span } from "@opentelemetry/api";
import { z } from "zod";
import { requireUser, type CurrentUser } from "@/lib/auth/session";
import { isDatabaseBusy, isForeignKeyViolation } from "@/lib/database-errors";
import { UserFacingError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { entitlementsOf } from "@/lib/organizations/entitlements";
import { assertCan, type Permission } from "@/lib/organizations/permissions";
import { consumeRequest, withUserSlot } from "@/lib/rate-limit/per-user";
import { RateLimitedError, retryIn } from "@/lib/rate-limit/rate-limit";
import { rateLimitOutcome, SPAN, withSpan } from "@/lib/tracing/spans";

export type FieldErrors = Record<string, string[] | undefined>;

/** What every dashboard action answers (and what useActionState starts from: `{ status: "idle" }`). */
export type ActionState<Data = undefined> = {
  status: "idle" | "ok" | "invalid" | "failed";
  data?: Data;
  /** About the whole form: a plan's limit, a limit used up, a post that no longer exists. */
  error?: string;
  fieldErrors?: FieldErrors;
  /** What a form submitted, to keep in its fields when it is refused. */
  values?: Record<string, string>;
};

type Options<Schema extends z.ZodType> = {
  schema: Schema;
  /** What the user's role in the organization must allow (lib/organizations/permissions.ts); none to only read. */
  permission?: Permission;
  /** How a form's fields become the schema's input; by default, its text fields as they are. */
  fromForm?: (form: FormData) => unknown;
};

/**
 * An action for useActionState (`(previous, formData)`) or for a direct call with an object
 * (`action(undefined, { cursor })`): `run` gets the parsed input and the signed-in user.
 */
export function userAction<Schema extends z.ZodType, Data = undefined>(
  { schema, permission, fromForm = textFields }: Options<Schema>,
  run: (input: z.output<Schema>, user: CurrentUser) => Promise<Data>,
) {
  // Its span (`user action`) holds the auth and rate-limit steps' and the action's (Prisma's among them).
  const action = (_previous: unknown, payload: FormData | Record<string, unknown>): Promise<ActionState<Data>> =>
    withSpan(
      SPAN.action,
      {},
      (span) => act(payload, span),
      (state) => ({ "action.status": state.status }),
    );
  const act = async (payload: FormData | Record<string, unknown>, span: Span): Promise<ActionState<Data>> => {
    const values = payload instanceof FormData ? textFields(payload) : undefined;
    let user: CurrentUser;
    try {
      user = await withSpan(SPAN.auth, { "auth.via": "session" }, () => requireUser());
    } catch (error) {
      // The session could not be looked up (the database away): the form says to retry, as when the
      // action itself meets a busy database. Thrown, it would reach a form posted without script as
      // a bare "Internal Server Error" (no error page: Next.js renders none for a failed form post).
      if (!isDatabaseBusy(error)) throw error;
      return { status: "failed", error: userMessage(error), values };
    }
    span.setAttribute("enduser.id", user.id);
    const parsed = schema.safeParse(payload instanceof FormData ? fromForm(payload) : payload);
    if (!parsed.success) {
      const { formErrors, fieldErrors } = z.flattenError(parsed.error);
      return { status: "invalid", fieldErrors, error: formErrors[0], values };
    }
    try {
      const data = await withUserSlot(user.id, async () => {
        const decision = await withSpan(
          SPAN.rateLimit,
          {},
          () => consumeRequest(user.actor, entitlementsOf(user.subscription).limits.apiRequestsPerMinute),
          rateLimitOutcome,
        );
        if (!decision.allowed) throw new RateLimitedError(`You are going too fast. Try again ${retryIn(decision.resetSeconds)}.`, decision.resetSeconds);
        if (permission) assertCan(user.actor, permission);
        return run(parsed.data, user);
      });
      return { status: "ok", data };
    } catch (error) {
      // The account was deleted during the action (its sessions went with it): sign in again, not a 500.
      if (isForeignKeyViolation(error)) await requireUser();
      const message = userMessage(error);
      if (message === undefined) throw error;
      return { status: "failed", error: message, values };
    }
  };
  return action;
}

/** The one mapping from what went wrong to what the user reads; undefined for a bug. */
function userMessage(error: unknown): string | undefined {
  if (error instanceof RateLimitedError && error.retryAfterSeconds <= 1) return "You are going too fast. Try again in a moment.";
  if (error instanceof UserFacingError) return error.message;
  if (isDatabaseBusy(error)) {
    logger.warn({ event: "action.busy", error: (error as Error).message }, "database busy");
    return "We are very busy right now. Please try again in a moment.";
  }
  return undefined;
}

function textFields(form: FormData): Record<string, string> {
  // React adds its own `$ACTION_…` fields to a form it submits; they are not the user's.
  return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string" && !entry[0].startsWith("$ACTION")));
}
