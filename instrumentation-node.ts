import http from "node:http";
import { EnvError, getServerEnv } from "@/lib/env";
import { refuseForbiddenMethods } from "@/lib/security/forbidden-methods";

// A missing or malformed environment stops the server at boot with the variable's name, instead
// of serving 500s that fail deep inside a library.
try {
  getServerEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

// TRACE and TRACK answer 405 from the HTTP server, before Next.js fails on them with a 500.
refuseForbiddenMethods(http.Server.prototype);
