// No shared fate, against the real server (`next start`): what one client sends never fails another
// client's request. Hostile values go through every input that reaches a shared batch (the
// rate-limit counter: sign-in addresses, client addresses, failed API authentications) while
// legitimate API calls and a sign-in flow through the same process; not one legitimate request may
// answer 5xx. Each hostile client connects from a loopback address of its own (127.0.0.x), which is
// its client address: the server takes it from the connection, never from a header.
import { generateApiKey } from "../lib/api-keys/generate.ts";
import { CONNECTION_ADDRESS_HEADER } from "../lib/client-ip.ts";
import { rawRequest, type RawResponse } from "../test/support/raw-request";
import { expect, test } from "./fixtures";
import { userWithKeyAndSession } from "./support/database";

const baseURL = () => process.env.E2E_BASE_URL!;
const kilobytes = (n: number, of = "a") => of.repeat(n * 1024);

/** A CSRF token and its cookie from next-auth, as its client gets them before asking for an email. */
async function csrf(localAddress: string) {
  const response = await rawRequest(baseURL(), "/api/auth/csrf", {}, "GET", { localAddress });
  const cookie = [response.headers["set-cookie"] ?? []]
    .flat()
    .find((value) => value.startsWith("next-auth.csrf-token="))!
    .split(";")[0]!;
  return { token: (JSON.parse(response.body) as { csrfToken: string }).csrfToken, cookie };
}

async function askForSignInEmail(
  localAddress: string,
  form: [string, string][] | ((token: string) => [string, string][]),
  headers: Record<string, string> = {},
) {
  const { token, cookie } = await csrf(localAddress);
  const fields = typeof form === "function" ? form(token) : form;
  return rawRequest(baseURL(), "/api/auth/signin/email", { "content-type": "application/x-www-form-urlencoded", cookie, ...headers }, "POST", {
    body: new URLSearchParams(fields).toString(),
    localAddress,
  });
}

const api = (key: string, localAddress: string, headers: Record<string, string> = {}) =>
  rawRequest(baseURL(), "/api/v1/posts", { authorization: `Bearer ${key}`, ...headers }, "GET", { localAddress });

test("hostile values through every shared input never fail a legitimate request: 0 legitimate 5xx", async () => {
  test.setTimeout(120_000);
  const users = await Promise.all([userWithKeyAndSession(), userWithKeyAndSession(), userWithKeyAndSession()]);
  // Kilobytes of client addresses (within Node.js's 16 KB of headers, so they reach the app).
  const spoofed = { "x-forwarded-for": kilobytes(4, "9"), [CONNECTION_ADDRESS_HEADER]: kilobytes(1, "8"), "x-real-ip": kilobytes(1, "7") };

  // Six hostile clients, each sending these requests three times over, one after the other.
  const hostile = Array.from({ length: 6 }, (_, i) => async () => {
    const from = `127.0.0.${10 + i}`;
    const requests: (() => Promise<RawResponse>)[] = [
      // Addresses of kilobytes, with and without next-auth's CSRF token.
      () =>
        askForSignInEmail(from, (token) => [
          ["email", `${kilobytes(4)}@example.com`],
          ["csrfToken", token],
          ["json", "true"],
        ]),
      () =>
        askForSignInEmail(from, (token) => [
          ["email", `user@${kilobytes(3, "d")}.com`],
          ["csrfToken", token],
        ]),
      () => askForSignInEmail(from, [["email", `${kilobytes(8)}@example.com`]]),
      // A form that names two addresses; a valid address with client addresses of kilobytes.
      () =>
        askForSignInEmail(from, (token) => [
          ["email", `first-${i}@example.com`],
          ["email", `last-${i}@example.com`],
          ["csrfToken", token],
        ]),
      () =>
        askForSignInEmail(
          from,
          (token) => [
            ["email", `spoofer-${i}-${Date.now()}@example.com`],
            ["csrfToken", token],
            ["json", "true"],
          ],
          spoofed,
        ),
      // Made-up API keys, of kilobytes or well-formed, with client addresses of kilobytes.
      () => api(kilobytes(4), from, spoofed),
      () => api(generateApiKey(), from, spoofed),
      () => api(generateApiKey(), from),
    ];
    const responses = [];
    for (let round = 0; round < 3; round++) for (const request of requests) responses.push(await request());
    return responses;
  });

  // Legitimate clients: three API users, each calling one request after the other (as a client
  // within its limits does), and a person asking for a sign-in email.
  const legitimate: (() => Promise<RawResponse[]>)[] = users.map(({ key }) => async () => {
    const responses = [];
    for (let i = 0; i < 15; i++) responses.push(await api(key, "127.0.0.1"));
    return responses;
  });
  legitimate.push(async () => [
    await askForSignInEmail("127.0.0.9", (token) => [
      ["email", `legitimate-${Date.now()}@example.com`],
      ["csrfToken", token],
      ["json", "true"],
    ]),
  ]);

  // All in flight together, so hostile and legitimate increments share the counter's statements.
  const [hostileAnswers, legitimateAnswers] = await Promise.all([
    Promise.all(hostile.map((run) => run())).then((runs) => runs.flat()),
    Promise.all(legitimate.map((run) => run())).then((runs) => runs.flat()),
  ]);

  const legitimateStatuses = legitimateAnswers.map((response) => response.status);
  expect(
    legitimateStatuses.filter((status) => status >= 500),
    "legitimate 5xx",
  ).toEqual([]);
  expect(new Set(legitimateStatuses)).toEqual(new Set([200]));
  const hostileStatuses = hostileAnswers.map((response) => response.status);
  expect(
    hostileStatuses.filter((status) => status >= 500),
    "hostile 5xx",
  ).toEqual([]);
});

test("a client's X-Forwarded-For does not change its count: the per-address budget of failed API keys is the connection's", async () => {
  const from = "127.0.0.30";
  const statuses: number[] = [];
  // Each request claims another client address; counted by the connection's, the budget still runs out.
  for (let i = 0; i < 60 && !statuses.includes(429); i++) {
    const claimed = `198.51.100.${i}`;
    const response = await api(generateApiKey(), from, { "x-forwarded-for": claimed, "x-real-ip": claimed, [CONNECTION_ADDRESS_HEADER]: claimed });
    statuses.push(response.status);
  }
  expect(statuses.at(-1)).toBe(429);
  expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  // Another connection address has its own budget.
  expect((await api(generateApiKey(), "127.0.0.31")).status).toBe(401);
});

test("a sign-in form that names the address twice answers 400 and mails nobody", async ({ mailbox }) => {
  const [first, last] = [`twice-first-${Date.now()}@example.com`, `twice-last-${Date.now()}@example.com`];
  const response = await askForSignInEmail("127.0.0.40", (token) => [
    ["email", first],
    ["email", last],
    ["csrfToken", token],
  ]);
  expect(response.status).toBe(400);
  expect(response.body).toContain('the field "email" more than once');
  const legitimate = await askForSignInEmail("127.0.0.40", (token) => [
    ["email", first],
    ["csrfToken", token],
    ["json", "true"],
  ]);
  expect(legitimate.status).toBe(200);
  await mailbox.signInLink(first); // the mailbox works, and
  expect(await mailbox.messages(last)).toEqual([]);
});
