import http from "node:http";
import { EnvError, getServerEnv, unsetEmptyVariables } from "@/lib/env";
import { guardRequests } from "@/lib/security/request-guard";

// `FOO=` (as in a copy of .env.example) is unset, for the libraries that read process.env too.
unsetEmptyVariables();
// A missing or malformed environment stops the server at boot with the variable's name, instead
// of serving 500s that fail deep inside a library.
try {
  getServerEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}

// Requests Next.js would fail on with a 500 (TRACE, a POST on a static file…) answer 4xx from the
// HTTP server first.
guardRequests(http.Server.prototype);
