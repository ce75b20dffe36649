// Runs once when the server boots. A missing or malformed environment stops the server here with
// the variable's name, instead of serving 500s that fail deep inside a library.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { EnvError, getServerEnv } = await import("@/lib/env");
  try {
    getServerEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
