// The example product feature's input rules, shared by the API (and its OpenAPI document) and the
// dashboard's server actions. Unknown fields are errors, not silently dropped.
import { z } from "zod";
import { pageQuerySchema, pageSchema } from "@/lib/pagination";
import { storableText } from "@/lib/validation";

export const POST_TITLE_MAX = 200;
export const POST_CONTENT_MAX = 20_000;

export const postCreateSchema = z.strictObject({
  title: storableText().trim().min(1, "The title cannot be empty.").max(POST_TITLE_MAX, `Use ${POST_TITLE_MAX} characters at most.`),
  content: storableText().max(POST_CONTENT_MAX, `Use ${POST_CONTENT_MAX} characters at most.`).nullable().optional(),
  published: z.boolean().optional(),
});

export const postUpdateSchema = postCreateSchema
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change.")
  .meta({ minProperties: 1 });

export const postListQuerySchema = pageQuerySchema.extend({
  published: z.enum(["true", "false"]).optional(),
});

export const postSchema = z.object({
  id: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  published: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const postPageSchema = pageSchema(postSchema);

export type PostCreate = z.infer<typeof postCreateSchema>;
export type PostUpdate = z.infer<typeof postUpdateSchema>;
export type PostListQuery = z.infer<typeof postListQuerySchema>;
