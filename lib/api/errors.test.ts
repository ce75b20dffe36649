// The API answers every kind of refusal by its kind, so a feature's own errors need no mapping.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PlanLimitError, UserFacingError } from "@/lib/errors";
import { InvalidCursorError } from "@/lib/pagination";
import { toApiError } from "./errors.ts";

// A feature the API has never heard of, as `npm run new:feature` would write one.
class ProjectLimitError extends PlanLimitError {}
class InvalidColourError extends InvalidInputError {}

describe("toApiError", () => {
  it("answers any feature's plan limit 403 plan_limit_reached, with its message", () => {
    expect(toApiError(new ProjectLimitError("Your plan allows 3 projects."))).toMatchObject({
      status: 403,
      code: "plan_limit_reached",
      message: "Your plan allows 3 projects.",
    });
  });

  it("answers any feature's invalid input 400, naming the field", () => {
    expect(toApiError(new InvalidColourError("colour", "Not a colour."))).toMatchObject({
      status: 400,
      code: "invalid_request",
      details: [{ path: "colour", message: "Not a colour." }],
    });
    expect(toApiError(new InvalidCursorError())).toMatchObject({ status: 400, details: [{ path: "cursor" }] });
  });

  it("leaves a refusal of no known kind, and anything else, to the handler's 500", () => {
    expect(toApiError(new UserFacingError("Something only a page can say."))).toBeUndefined();
    expect(toApiError(new TypeError("a bug"))).toBeUndefined();
  });
});

describe("lib/api", () => {
  it("imports no product feature: features reach it through the shared error kinds and their routes' own schemas", () => {
    const dir = import.meta.dirname;
    const imports = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .flatMap((file) => [...readFileSync(path.join(dir, file), "utf8").matchAll(/from "(@\/lib\/[^"/]+)/g)].map((match) => `${file}: ${match[1]}`));
    const features = imports.filter((line) => /@\/lib\/(posts|generated)$/.test(line) || !SHARED.some((module) => line.endsWith(module)));
    expect(features).toEqual([]);
  });
});

// What lib/api may build on: authentication, the app's origin, limits (body sizes included), what an organization's plan and a
// member's role allow (lib/organizations), logging, tracing and the shared error kinds.
const SHARED = [
  "@/lib/api-keys",
  "@/lib/app-origin",
  "@/lib/auth",
  "@/lib/billing",
  "@/lib/client-ip",
  "@/lib/database-errors",
  "@/lib/errors",
  "@/lib/logger",
  "@/lib/organizations",
  "@/lib/rate-limit",
  "@/lib/security",
  "@/lib/tracing",
];
