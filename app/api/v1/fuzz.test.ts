// Hostile and malformed input against every documented /api/v1 operation (read from the OpenAPI
// document, so a new feature's routes get the same treatment): whatever arrives, the answer is a
// 4xx (or a success) in the API's error shape — never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { getDb } from "@/lib/db";
import { callApi, userWithKey, validExample, type ApiCall } from "@/test/support/api";
import { seededRandom } from "@/test/support/random";
import { API_ROUTES } from "./routes";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const db = getDb();
afterAll(() => db.$disconnect());

const rand = seededRandom(20261125);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (max: number) => Math.floor(rand() * max);

const nasty = [
  "",
  " ",
  "null",
  '\'; DROP TABLE "Post"; --',
  "<script>alert(1)</script>",
  "\u0000",
  "\ud800",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "😀".repeat(50),
  "%00%2e%2e%2f",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "x".repeat(201),
  "x".repeat(20_001),
];

function nestedArrays(depth: number) {
  return "[".repeat(depth) + "]".repeat(depth);
}
function nestedObjects(depth: number) {
  return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}
function randomBytes(length: number) {
  return Uint8Array.from({ length }, () => int(256));
}
type Schema = Parameters<typeof validExample>[0];
type Operation = {
  path: string;
  method: string;
  body?: Schema;
  query: { name: string; schema: Schema }[];
};

/** Every documented operation, with what it reads: a body, a path id, query parameters. */
function documentedOperations(): Operation[] {
  type Documented = {
    parameters?: { name: string; in: string; schema: Schema }[];
    requestBody?: { content: { "application/json": { schema: Schema } } };
  };
  const { paths } = openApiDocument(API_ROUTES) as unknown as { paths: Record<string, Record<string, Documented>> };
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      body: operation.requestBody?.content["application/json"].schema,
      query: (operation.parameters ?? []).filter((parameter) => parameter.in === "query"),
    })),
  );
}

const operations = documentedOperations();
const withBody = operations.filter((operation) => operation.body);
const withId = operations.filter((operation) => operation.path.includes("{id}"));
const withQuery = operations.filter((operation) => operation.query.length > 0);
const fieldsOf = (operation: Operation) => Object.keys(operation.body?.properties ?? {});
let fieldNames = ["title"];

function randomValue(depth = 0): unknown {
  switch (int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return pick([0, -1, 1e309, Number.MAX_SAFE_INTEGER, 0.1, -0]);
    case 2:
      return pick(nasty);
    case 3:
      return rand() < 0.5;
    case 4:
      return pick(fieldNames);
    case 5:
      return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(4) }, () => [pick([...fieldNames, "__proto__", "constructor", "authorId", "userId", "id", ""]), randomValue(depth + 1)]),
      );
  }
}

/** Every field of the body at once, each given by `value`. */
const everyField = (value: () => unknown) => Object.fromEntries(fieldNames.map((name) => [name, value()]));
const first = () => fieldNames[0] ?? "x";

const BODIES: ((valid: unknown) => Pick<ApiCall, "rawBody" | "headers" | "body">)[] = [
  () => ({ rawBody: randomBytes(1 + int(300)), headers: { "content-type": "application/json" } }),
  () => ({ rawBody: JSON.stringify(randomValue()).slice(0, int(40)), headers: { "content-type": "application/json" } }),
  () => ({ body: randomValue() }),
  () => ({ body: everyField(() => randomValue()) }),
  () => ({ body: everyField(() => pick(nasty)) }),
  (valid) => ({ rawBody: `{"__proto__":{"admin":true},${JSON.stringify(valid).slice(1)}`, headers: { "content-type": "application/json" } }),
  (valid) => ({ rawBody: `{"constructor":{"prototype":{"polluted":1}},${JSON.stringify(valid).slice(1)}`, headers: { "content-type": "application/json" } }),
  () => ({ rawBody: nestedArrays(1000 + int(20_000)), headers: { "content-type": "application/json" } }),
  () => ({ rawBody: nestedObjects(100 + int(8000)), headers: { "content-type": "application/json" } }),
  () => ({ rawBody: `{"${first()}":"${"y".repeat(70_000 + int(10_000))}"}`, headers: { "content-type": "application/json" } }),
  (valid) => ({
    rawBody: JSON.stringify(valid),
    headers: { "content-type": pick(["text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/jsonx", "", "*/*"]) },
  }),
  (valid) => ({ rawBody: JSON.stringify(valid), headers: { "content-type": "application/json", "content-length": pick(["0", "999999999", "-1", "abc"]) } }),
  () => ({ rawBody: `{"${first()}": 1e999999}`, headers: { "content-type": "application/json" } }),
  () => ({ rawBody: `{"${first()}":"\\ud800\\udfff\\u0000"}`, headers: { "content-type": "application/json" } }),
];

function hostileAuthorization(key: string) {
  return pick([
    "",
    "Bearer",
    "Bearer ",
    `bearer ${key}`,
    `Bearer ${key} extra`,
    `Bearer  ${key}`,
    `Bearer ${"a".repeat(5000)}`,
    `Bearer ${key.slice(0, -1)}`,
    `Bearer ${key}\t`,
    "Basic Zm9vOmJhcg==",
    `Token ${key}`,
    `Bearer acme_sk_${"/".repeat(43)}`,
  ]);
}

// Ids as the route receives them, decoded: NUL (PostgreSQL 22021), control characters, non-ASCII.
const ids = () =>
  pick([
    "x",
    "a".repeat(65),
    "%2e%2e%2fme",
    "..",
    "%00",
    "\u0000",
    "cm0\u0000",
    "\u0001",
    "a\tb",
    "\u007f",
    "\u0085",
    "é",
    "😀",
    "cm0000000000000000000000",
    "1 OR 1=1",
    "' OR '1'='1",
  ]);
// Cursors are base64url JSON [createdAt, id]: forge them with dates PostgreSQL cannot hold (22008,
// 22009) and ids it cannot compare (22021).
const cursor = (value: unknown) => `cursor=${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
// Beyond the pagination every list shares, each documented parameter gets a value of the wrong kind.
const queries = (operation: Operation) =>
  pick([
    ...operation.query.flatMap(({ name }) => [`${name}=maybe`, `${name}=%00`, `${name}=${"9".repeat(400)}`]),
    "limit=-1",
    "limit=0",
    "limit=1e10",
    "limit=abc",
    "limit=50&limit=2",
    "cursor=",
    `cursor=${"A".repeat(300)}`,
    "cursor=W10",
    "cursor=WyJ4IiwxXQ",
    "unknown=1",
    "__proto__=1",
    "constructor=1",
    "toString=x&hasOwnProperty=y",
    "limit=%00",
    "cursor=%00",
    cursor(["-271821-04-20T00:00:00.000Z", "x"]),
    cursor(["+275760-09-13T00:00:00.000Z", "x"]),
    cursor(["-004714-01-01T00:00:00.000Z", "x"]),
    cursor(["0000-01-01T00:00:00.000Z", "x"]),
    cursor(["0000-12-31T23:59:59.999Z", "x"]),
    cursor(["2026-01-01T00:00:00+14:00", "x"]),
    cursor(["2026-02-30T00:00:00.000Z", "x"]),
    cursor(["2026-01-01T00:00:00.000Z", "\u0000"]),
    cursor(["2026-01-01T00:00:00.000Z", "a\u0001b"]),
    cursor(["2026-01-01T00:00:00.000Z", 1]),
    cursor([1e20, "x"]),
    cursor({ createdAt: "2026-01-01T00:00:00.000Z", id: "x" }),
  ]);

describe("fuzzing /api/v1", () => {
  let keys: string[] = [];
  /** One record per key in every collection, by the collection's item path: "/api/v1/posts/{id}" → ids. */
  const records = new Map<string, string[]>();
  const valid = (operation: Operation) => (operation.body ? validExample(operation.body) : undefined);

  beforeAll(async () => {
    // Several Pro keys, so the per-key rate limit (1,000/min) never hides a route's own behaviour.
    keys = (await Promise.all(Array.from({ length: 4 }, () => userWithKey("pro")))).map((u) => u.key);
    for (const create of operations.filter((operation) => operation.method === "POST" && !operation.path.includes("{"))) {
      const ids = await Promise.all(
        keys.map(async (key) => (await (await callApi(create.path, { key, method: "POST", body: valid(create) })).json()).id as string),
      );
      records.set(`${create.path}/{id}`, ids);
    }
  });

  it("documents operations with bodies, ids and queries to throw things at", () => {
    expect(withBody.length).toBeGreaterThan(0);
    expect(withId.length).toBeGreaterThan(0);
    expect(withQuery.length).toBeGreaterThan(0);
  });

  it(
    "answers at least 1,000 hostile requests without a single 5xx, always in the error shape",
    async () => {
      const results: { status: number; description: string; body: string }[] = [];
      const run = async (description: string, path: string, call: ApiCall) => {
        const response = await callApi(path, call);
        results.push({ status: response.status, description, body: await response.text() });
      };
      /** The operation's path with one of the key's own records for `{id}`. */
      const pathOf = (operation: Operation, i: number) => operation.path.replace("{id}", records.get(operation.path)?.[i % keys.length] ?? "missing");
      for (let i = 0; i < 1100; i++) {
        const key = keys[i % keys.length]!;
        switch (i % 5) {
          case 0:
          case 1: {
            const operation = withBody[int(withBody.length)]!;
            fieldNames = fieldsOf(operation);
            const path = pathOf(operation, i);
            await run(`${operation.method} ${path} body #${i}`, path, { key, method: operation.method, ...pick(BODIES)(valid(operation)) });
            break;
          }
          case 2: {
            const operation = pick(operations.filter((candidate) => candidate.method === "GET"));
            await run(`authorization #${i}`, pathOf(operation, i), { headers: { authorization: hostileAuthorization(key) } });
            break;
          }
          case 3: {
            const operation = pick(withId);
            const path = operation.path.replace("{id}", encodeURIComponent(ids()));
            await run(`${operation.method} id #${i}`, path, { key, method: operation.method, body: valid(operation) });
            break;
          }
          default: {
            if (i % 10 === 4) {
              const operation = pick(withQuery);
              await run(`query #${i}`, `${operation.path}?${queries(operation)}`, { key });
              break;
            }
            const path = pick([
              ...operations.map((operation) => pathOf(operation, i)),
              "/api/v1/",
              "/api/v1/ME",
              `${pick(withId).path.replace("{id}", "x")}/y`,
              // An id that is not valid percent-encoding (Next.js cannot decode the segment).
              pick(withId).path.replace("{id}", "%ff"),
            ]);
            await run(`path #${i}`, path, { key, method: pick(["PUT", "DELETE", "PATCH", "POST"]) });
          }
        }
      }
      expect(results.length).toBeGreaterThanOrEqual(1000);
      expect(results.filter((r) => r.status >= 500).map((r) => `${r.description}: ${r.status} ${r.body.slice(0, 200)}`)).toEqual([]);
      for (const result of results.filter((r) => r.status >= 400 && r.body !== "")) {
        expect(JSON.parse(result.body), result.description).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }
      // The mix really reached every kind of answer.
      const statuses = new Set(results.map((r) => r.status));
      for (const status of [200, 201, 400, 401, 404, 405, 413, 415, 422]) expect(statuses, `status ${status}`).toContain(status);
      // Nothing was polluted.
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    budgetFor(BUDGET_MS.databaseWork),
  );
});
