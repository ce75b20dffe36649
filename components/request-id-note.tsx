"use client";

import { useSyncExternalStore } from "react";
import { requestIdFromTimings } from "@/lib/request-id";

/**
 * On an error page: the id of the request that failed, for the visitor to quote — every log line
 * about that request carries it. Read from the browser's timings (lib/request-id.ts): the page's
 * document when it failed to render, or the router's latest request for this page (a navigation's
 * payload, a server action). Nothing is shown when the browser keeps no such timing.
 */
export function RequestIdNote({ className }: { className?: string }) {
  const requestId = useSyncExternalStore(subscribeToTimings, pageRequestId, () => undefined);
  if (!requestId) return null;
  return (
    <p className={className}>
      Request id: <code className="font-mono select-all">{requestId}</code>
    </p>
  );
}

/** The request id of the current page's latest response, from the Performance API. */
export function pageRequestId(): string | undefined {
  const timings = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")] as PerformanceResourceTiming[];
  return requestIdFromTimings(timings, window.location.href);
}

// A failed navigation's or action's timing is recorded once its response has ended, which may come
// just after the error page renders.
function subscribeToTimings(onChange: () => void) {
  if (typeof PerformanceObserver === "undefined") return () => {};
  const observer = new PerformanceObserver(onChange);
  observer.observe({ type: "resource" });
  return () => observer.disconnect();
}
