import type { Instrumentation } from "next";

// Runs once when a server boots. The Node.js part lives in its own module so that the Edge
// bundle never includes it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).registerNodeServer();
}

// A page, server action or route that failed with an error it did not handle: one log line with the
// request id the error page shows the visitor (components/request-id-note.tsx).
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === "nodejs") (await import("./instrumentation-node")).logRequestError(error, request, context);
};
