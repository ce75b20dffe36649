// Work a request's answer need not wait for: what follows a change that already stands, such as
// billing Stripe for a membership change (lib/billing/seats.ts). Serving a request (a server
// action, a route handler, a page), it runs once the response is sent, through Next.js's after():
// the user gets the answer at database speed, whatever the third party does meanwhile. After the
// response it runs within the route's maximum duration (`maxDuration` on platforms that stop a
// function then): work cut short must be work something else puts right later.
import { after } from "next/server";

/**
 * Runs `work` after the response when serving a request; elsewhere (a script, a test calling lib/
 * directly) runs it now and resolves once it is done. `work` handles its own failures: after the
 * response, nobody is left to answer for them (Next.js only prints what it throws).
 */
export async function afterResponse(work: () => Promise<void>): Promise<void> {
  try {
    after(work);
    return;
  } catch {
    // after() throws when it cannot hold the work: outside a request scope (a script, a test
    // calling lib/ directly), or on a platform that gives it no way to outlive the response (no
    // waitUntil). Then the work runs now, awaited: done rather than lost. Left floating, it would
    // be cut short by a script disconnecting from the database and exiting once its own work is
    // done, and the caller would not find it done when the call returns.
  }
  await work();
}
