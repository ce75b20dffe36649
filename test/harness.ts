// The test harness's entry point for the app's own tooling (tools/bench): the production build as the
// end-to-end tests make it, a PostgreSQL server with migrated databases, the fake Stripe API and its
// signed events, and users with API keys. The tools import these from here, never from the harness's
// files, which can then change freely behind it.
export { buildApp } from "../e2e/support/app-server.ts";
export { userWithKey } from "./support/api.ts";
export { newUser } from "./support/users.ts";
export { dropDatabase, withAdmin } from "./support/database.ts";
export { createMigratedDatabase, startTestDatabaseServer } from "./support/database-server.ts";
export { startFakeStripe, type FakeStripe } from "./support/fake-stripe.ts";
export { freePort } from "./support/free-port.ts";
export { seededRandom } from "./support/random.ts";
export { createScriptProject } from "./support/script-project.ts";
export { copyWorkingTree } from "./support/working-tree.ts";
export { checkoutSessionObject, eventObject, invoiceObject, subscriptionObject, webhookRequest } from "./support/stripe-objects.ts";
export { rawRequest } from "./support/raw-request.ts";
