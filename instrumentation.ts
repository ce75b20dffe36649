// Runs once when a server boots. The Node.js part lives in its own module so that the Edge
// bundle never includes it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).registerNodeServer();
}
