// Outside a request, with Next.js's own after() (which throws there): what a script or a test
// calling lib/ directly gets. Served as a request, the work waits for the response: tested with a
// stand-in for the request in lib/billing/seats.test.ts; the real server's after() is what an
// accepted invitation goes through end to end (e2e/members.spec.ts).
import { describe, expect, it } from "vitest";
import { afterResponse } from "@/lib/after-response";

describe("outside a request", () => {
  it("runs the work now, and resolves once it is done", async () => {
    const done: string[] = [];
    await afterResponse(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      done.push("work");
    });
    expect(done).toEqual(["work"]);
  });
});
