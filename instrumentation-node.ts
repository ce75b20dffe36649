import http from "node:http";
import { EnvError, getServerEnv } from "@/lib/env";
import { guardRequests } from "@/lib/security/request-guard";

// A missing or malformed environment stops the server at boot with the variable's name, instead
// of serving 500s that fail deep inside a library.
try {
  getServerEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

// TRACE, and POST (or another method) on a static file, answer 405 from the HTTP server, before
// Next.js fails on them with a 500.
guardRequests(http.Server.prototype);
