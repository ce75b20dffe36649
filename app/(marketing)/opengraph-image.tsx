import { SOCIAL_IMAGE, socialImage } from "@/components/marketing/social-image";

export const alt = "Acme SaaS: ship your SaaS on a database layer you can trust in production.";
export const size = SOCIAL_IMAGE.size;
export const contentType = SOCIAL_IMAGE.contentType;

export default function Image() {
  return socialImage({ title: "Ship your SaaS on a database layer you can trust in production.", subtitle: "Next.js 16 · Prisma 7 · PostgreSQL · Stripe" });
}
