// Response shapes of the API that are not a product feature's own (those live with the feature).
import { z } from "zod";

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  plan: z.enum(["free", "pro"]),
  limits: z.object({ apiRequestsPerMinute: z.number().int(), apiKeys: z.number().int(), posts: z.number().int() }),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
