// Serving a request, as Next.js's after() sees it, for tests that call lib/ directly. Next.js holds
// what after() is given until the response is sent, then runs it; outside a request it throws (and
// lib/after-response.ts runs the work at once). This stand-in does both. In the test file:
//
//   vi.mock("next/server", (importOriginal) => import("@/test/support/request-scope").then((module) => module.nextServerAfter(importOriginal)));
//
// then `serveRequest(() => removeMember(...))` answers as the server action would, and hands over the
// work left for after the response, to await.
import { AsyncLocalStorage } from "node:async_hooks";

type Work = () => unknown;

// The work after() was given while serving the request under way (none outside one).
const heldWork = new AsyncLocalStorage<Work[]>();

/** next/server, its after() holding work for the request `serveRequest` is serving, throwing outside one as Next.js's does. */
export async function nextServerAfter(importOriginal: <T>() => Promise<T>) {
  return {
    ...(await importOriginal<typeof import("next/server")>()),
    after: (work: Work) => {
      const held = heldWork.getStore();
      if (!held) throw new Error("`after` was called outside a request scope.");
      held.push(work);
    },
  };
}

/**
 * Runs `handle` as serving a request: its `response` once it answers, and `afterResponse`, the work
 * it gave after(), started only then (as Next.js does, all at once), resolving when all of it is done.
 */
export async function serveRequest<T>(handle: () => Promise<T>): Promise<{ response: T; afterResponse: Promise<void> }> {
  const held: Work[] = [];
  const response = await heldWork.run(held, handle);
  const afterResponse = Promise.all(held.map(async (work) => work())).then(() => undefined);
  return { response, afterResponse };
}
