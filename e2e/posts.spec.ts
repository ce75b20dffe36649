import pg from "pg";
import type { ApiKeysPage } from "./pages/api-keys-page";
import { expect, test } from "./fixtures";

type ApiPost = { id: string; title: string; content: string | null; published: boolean };

/** A key for the signed-in user, made in the dashboard. */
async function createKey(apiKeysPage: ApiKeysPage) {
  await apiKeysPage.goto();
  await apiKeysPage.createKey("Posts test");
  return apiKeysPage.newKey();
}

async function api(baseURL: string, key: string, path: string, init: RequestInit = {}) {
  return fetch(`${baseURL}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...init.headers } });
}

async function listFromApi(baseURL: string, key: string): Promise<ApiPost[]> {
  const response = await api(baseURL, key, "/api/v1/posts");
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: ApiPost[] }).data;
}

test(
  "a post made in the dashboard is served by the API, and edited and deleted in the dashboard",
  { tag: "@accelerate" },
  async ({ page, signIn, dashboardPage, apiKeysPage, postsPage, baseURL }) => {
    await signIn();
    const key = await createKey(apiKeysPage);

    await dashboardPage.openSection("Posts");
    await postsPage.expectVisible();
    await postsPage.expectEmpty();
    await postsPage.create({ title: "Hello world", content: "My first post." });
    await postsPage.expectCreated("Hello world");
    await postsPage.expectPost("Hello world", "Draft");
    // The form is ready for the next post.
    await postsPage.expectField("Title", "");

    const [created, ...others] = await listFromApi(baseURL!, key);
    expect(others).toEqual([]);
    expect(created).toMatchObject({ title: "Hello world", content: "My first post.", published: false });

    await postsPage.openEdit("Hello world");
    await expect(page).toHaveURL(new RegExp(`/dashboard/[a-z0-9-]+/posts/${created!.id}$`));
    await postsPage.expectField("Title", "Hello world");
    await postsPage.save({ title: "Hello, world", content: "", published: true });
    await postsPage.expectSaved();
    await postsPage.expectField("Title", "Hello, world");

    const edited = (await (await api(baseURL!, key, `/api/v1/posts/${created!.id}`)).json()) as ApiPost;
    expect(edited).toMatchObject({ id: created!.id, title: "Hello, world", content: null, published: true });

    await dashboardPage.openSection("Posts");
    await postsPage.expectPost("Hello, world", "Published");

    await postsPage.openEdit("Hello, world");
    await postsPage.cancelDelete();
    await postsPage.delete();
    await postsPage.expectEmpty();
    expect(await listFromApi(baseURL!, key)).toEqual([]);
    expect((await api(baseURL!, key, `/api/v1/posts/${created!.id}`)).status).toBe(404);
  },
);

test("titles are validated on the server, next to the field, keeping what was typed", async ({ signIn, postsPage }) => {
  await signIn();
  await postsPage.goto();
  await postsPage.create({ title: "   ", content: "Keep me.", published: true });
  await postsPage.expectFieldError("Title", "The title cannot be empty.");
  await postsPage.expectField("Content", "Keep me.");
  await postsPage.expectEmpty();

  await postsPage.create({ title: "Valid" });
  await postsPage.expectCreated("Valid");
  await postsPage.expectPost("Valid", "Published");

  await postsPage.openEdit("Valid");
  await postsPage.save({ title: "" });
  await postsPage.expectFieldError("Title", "The title cannot be empty.");
  await postsPage.goto();
  await postsPage.expectPost("Valid", "Published");
});

test("the free plan's post limit disables the form, and the server refuses a form sent from before it", async ({ signIn, apiKeysPage, postsPage, baseURL }) => {
  await signIn();
  const key = await createKey(apiKeysPage);
  const createThroughApi = async (title: string) => {
    const response = await api(baseURL!, key, "/api/v1/posts", { method: "POST", body: JSON.stringify({ title }) });
    expect(response.status).toBe(201);
  };
  for (let n = 1; n <= 9; n++) await createThroughApi(`Post ${n}`);
  await postsPage.goto();
  await expect(postsPage.rows()).toHaveCount(9);

  // The tenth arrives through the API while the form is open: the page does not know, the server does.
  await createThroughApi("Post 10");
  await postsPage.create({ title: "One too many" });
  await postsPage.expectFormError("Your plan allows 10 posts. Delete some, or upgrade.");
  await postsPage.expectField("Title", "One too many");

  await postsPage.goto();
  await expect(postsPage.rows()).toHaveCount(10);
  await expect(postsPage.rows().first()).toContainText("Post 10");
  await postsPage.expectLimitReached("You have 10 of 10 posts on Free. Delete one to make room, or upgrade to Pro for more.");
});

test("long lists load 50 posts at a time", async ({ signIn, email, postsPage }) => {
  await signIn();
  // More posts than the free plan allows, written straight to the database: only listing is tested.
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  await client.query(
    `INSERT INTO "Post" (id, title, "authorId", "organizationId", "createdAt", "updatedAt")
     SELECT 'e2e-' || md5(random()::text) || n, 'Bulk post ' || n, u.id, o.id, now() - (n || ' minutes')::interval, now()
     FROM "User" u JOIN "Organization" o ON o."personalOwnerId" = u.id, generate_series(1, 120) AS n WHERE u.email = $1`,
    [email],
  );
  await client.end();

  await postsPage.goto();
  await expect(postsPage.rows()).toHaveCount(50);
  await expect(postsPage.rows().first()).toContainText("Bulk post 1");
  await postsPage.loadMore();
  await expect(postsPage.rows()).toHaveCount(100);
  await postsPage.loadMore();
  await expect(postsPage.rows()).toHaveCount(120);
  await expect(postsPage.rows().last()).toContainText("Bulk post 120");
  await expect(postsPage.rows().nth(50)).toContainText("Bulk post 51");
  await expect(postsPage.row("Bulk post 51")).toHaveCount(1);
  await postsPage.expectAllLoaded();
});
