// One release's code serving requests, in a process of its own: started by prisma/releases.test.ts
// with `node --import tsx` in that release's work tree (so `@/…` is that release's code, and its
// generated Prisma client), it answers the test's messages (Node IPC) by calling that release's own
// route handlers and auth adapter, as Next.js would, with the environment it was given. It lives for
// as long as its release serves, across the next release's migrations, as a deployment does.
// Nothing here imports this checkout's `@/…`: every module of the app is the release's.
import path from "node:path";
import Stripe from "stripe";

export type ReleaseRequest =
  | { op: "api"; method: "GET" | "POST"; path: string; key: string; body?: unknown }
  | { op: "webhook"; payload: string }
  | { op: "session"; token: string }
  // Release 0's dashboard, as the fill writes it: sign-up (adapter), a session, a key (release 0's createApiKey(userId, input)).
  | { op: "signUp"; email: string; name: string; sessionToken: string }
  | { op: "createKey"; userId: string; name: string };
export type ReleaseAnswer = { status: number; body: unknown };

const tree = process.cwd();
const load = <T>(file: string): Promise<T> => import(path.join(tree, file));
type Handler = (request: Request) => Promise<Response>;
type Adapter = {
  createUser(user: { email: string; name: string; emailVerified: Date }): Promise<{ id: string }>;
  createSession(session: { sessionToken: string; userId: string; expires: Date }): Promise<unknown>;
  getSessionAndUser(token: string): Promise<{ user: { email: string } } | null>;
};

const routes = {
  posts: load<Record<string, Handler>>("app/api/v1/posts/route.ts"),
  webhook: load<Record<string, Handler>>("app/api/stripe/webhook/route.ts"),
};
const adapter = Promise.all([load<{ getDb(): unknown }>("lib/db.ts"), load<{ createAuthAdapter(db: unknown): Adapter }>("lib/auth/adapter.ts")]).then(
  ([{ getDb }, { createAuthAdapter }]) => createAuthAdapter(getDb()),
);

async function answer(response: Response): Promise<ReleaseAnswer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function handle(request: ReleaseRequest): Promise<ReleaseAnswer> {
  switch (request.op) {
    case "api": {
      const handler = (await routes.posts)[request.method]!;
      const headers = { authorization: `Bearer ${request.key}`, ...(request.body !== undefined && { "content-type": "application/json" }) };
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      return answer(await handler(new Request(`http://localhost:3000${request.path}`, { method: request.method, headers, body })));
    }
    case "webhook": {
      // Signed as Stripe signs, with this release's secret.
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: request.payload, secret: process.env.STRIPE_WEBHOOK_SECRET! });
      const headers = { "content-type": "application/json", "stripe-signature": signature };
      return answer(
        await (
          await routes.webhook
        ).POST!(new Request("http://localhost:3000/api/stripe/webhook", { method: "POST", headers, body: request.payload })),
      );
    }
    case "session": {
      const found = await (await adapter).getSessionAndUser(request.token);
      return { status: found ? 200 : 404, body: found && { email: found.user.email } };
    }
    case "signUp": {
      const user = await (await adapter).createUser({ email: request.email, name: request.name, emailVerified: new Date() });
      await (await adapter).createSession({ sessionToken: request.sessionToken, userId: user.id, expires: new Date(Date.now() + 30 * 86_400_000) });
      return { status: 201, body: { id: user.id } };
    }
    case "createKey": {
      const { createApiKey } = await load<{ createApiKey(userId: string, input: object): Promise<{ key: string }> }>("lib/api-keys/keys.ts");
      return { status: 201, body: await createApiKey(request.userId, { name: request.name, expiresInDays: "never" }) };
    }
  }
}

process.on("message", (message: { id: number; request: ReleaseRequest }) => {
  handle(message.request).then(
    (result) => process.send!({ id: message.id, result }),
    (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
  );
});
process.send!({ ready: true });
