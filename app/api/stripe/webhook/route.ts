import { requestOrigin } from "@/lib/app-origin";
import { handleStripeWebhook } from "@/lib/billing/webhook";
import { requestLogger } from "@/lib/logger";

// The signature covers the exact bytes Stripe sent: read the raw body, never parsed JSON.
export async function POST(request: Request) {
  const { status, body } = await handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"), {
    origin: requestOrigin(request),
    logger: requestLogger(request),
  });
  return Response.json(body, { status });
}
