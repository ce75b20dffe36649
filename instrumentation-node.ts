import { EnvError, getServerEnv } from "@/lib/env";

// A missing or malformed environment stops the server at boot with the variable's name, instead
// of serving 500s that fail deep inside a library.
try {
  getServerEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
