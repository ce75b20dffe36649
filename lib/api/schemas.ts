// Response shapes of the API that are not a product feature's own (those live with the feature).
import { z } from "zod";
import { ROLES } from "@/lib/organizations/permissions";

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  plan: z.enum(["free", "pro"]),
  limits: z.object({ apiRequestsPerMinute: z.number().int(), apiKeys: z.number().int(), posts: z.number().int(), members: z.number().int() }),
  // What the key acts for and how: said in the OpenAPI document too, for clients that read it.
  organization: z
    .object({ id: z.string(), name: z.string(), slug: z.string() })
    .describe("The organization the key acts for: the one that owns it, whose data the API reads and writes and whose plan applies."),
  role: z.enum(ROLES).describe("The role the key acts with in that organization: its creator's there."),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
