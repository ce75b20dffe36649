// Runs once when the server boots: a missing or malformed environment fails here, naming the
// variable, rather than on the first request deep inside a library.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getServerEnv } = await import("@/lib/env");
  getServerEnv();
}
