import { expect, type Locator, type Page } from "@playwright/test";

export type PostInput = { title?: string; content?: string; published?: boolean };

export class PostsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/posts");
    await this.expectVisible();
  }

  async expectVisible() {
    await expect(this.page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/posts(\?.*)?$/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Posts" })).toBeVisible();
  }

  private get newPostForm() {
    return this.page.getByRole("region", { name: "New post" });
  }

  private get editForm() {
    return this.page.getByRole("region", { name: "Post", exact: true });
  }

  private async fill(form: Locator, post: PostInput) {
    if (post.title !== undefined) await form.getByLabel("Title").fill(post.title);
    if (post.content !== undefined) await form.getByLabel("Content").fill(post.content);
    if (post.published !== undefined) await form.getByLabel("Published").setChecked(post.published);
  }

  async create(post: PostInput) {
    await this.fill(this.newPostForm, post);
    await this.newPostForm.getByRole("button", { name: "Create post" }).click();
  }

  async expectCreated(title: string) {
    await expect(this.newPostForm.getByRole("status")).toHaveText(`Created “${title}”.`);
  }

  /** The new post form at the plan's limit: the reason above it, its fields and button disabled. */
  async expectLimitReached(reason: string) {
    await expect(this.newPostForm.getByTestId("plan-limit-notice")).toHaveText(reason);
    await expect(this.newPostForm.getByLabel("Title")).toBeDisabled();
    await expect(this.newPostForm.getByRole("button", { name: "Create post" })).toBeDisabled();
  }

  async expectFormError(message: string | RegExp) {
    await expect(this.page.getByRole("alert").filter({ hasText: message })).toBeVisible();
  }

  /** A field's error, wired to the field (aria-describedby) as a screen reader would hear it. */
  async expectFieldError(label: string, message: string) {
    const field = this.page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  }

  async expectField(label: string, value: string) {
    await expect(this.page.getByLabel(label, { exact: true })).toHaveValue(value);
  }

  async expectEmpty() {
    await expect(this.page.getByTestId("posts-empty")).toBeVisible();
    await expect(this.page.getByTestId("post-row")).toHaveCount(0);
  }

  rows() {
    return this.page.getByTestId("post-row");
  }

  row(title: string): Locator {
    return this.rows().filter({ has: this.page.getByTestId("post-title").getByText(title, { exact: true }) });
  }

  async expectPost(title: string, status: "Published" | "Draft") {
    const row = this.row(title);
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("post-status")).toHaveText(status);
    await expect(row.getByText(/^Updated /)).toBeVisible();
  }

  async openEdit(title: string) {
    await this.row(title)
      .getByRole("link", { name: `Edit “${title}”` })
      .click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Edit post" })).toBeVisible();
  }

  async save(post: PostInput) {
    await this.fill(this.editForm, post);
    await this.editForm.getByRole("button", { name: "Save changes" }).click();
  }

  async expectSaved() {
    await expect(this.editForm.getByRole("status")).toHaveText("Saved.");
  }

  /** Deletes the open post through its confirmation step; lands back on the list. */
  async delete() {
    const region = this.page.getByRole("region", { name: "Delete post" });
    await region.getByRole("button", { name: "Delete post" }).click();
    await region
      .getByRole("group", { name: /^Delete “/ })
      .getByRole("button", { name: "Yes, delete it" })
      .click();
    await expect(this.page).toHaveURL(/\/dashboard\/[a-z0-9-]+\/posts\?deleted=1$/);
    await expect(this.page.getByRole("status").filter({ hasText: "Post deleted." })).toBeVisible();
  }

  async cancelDelete() {
    const region = this.page.getByRole("region", { name: "Delete post" });
    await region.getByRole("button", { name: "Delete post" }).click();
    await expect(region.getByText(/This cannot be undone/)).toBeVisible();
    await region.getByRole("button", { name: "Cancel" }).click();
    await expect(region.getByRole("button", { name: "Delete post" })).toBeFocused();
  }

  async loadMore() {
    await this.page.getByRole("button", { name: "Load more" }).click();
  }

  async expectAllLoaded() {
    await expect(this.page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  }
}
