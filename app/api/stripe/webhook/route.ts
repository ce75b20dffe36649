import { handleStripeWebhook } from "@/lib/billing/webhook";

// The signature covers the exact bytes Stripe sent: read the raw body, never parsed JSON.
export async function POST(request: Request) {
  const { status, body } = await handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json(body, { status });
}
