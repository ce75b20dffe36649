import { SOCIAL_IMAGE, socialImage } from "@/components/marketing/social-image";

export const alt = "Acme SaaS pricing: a free plan to start, Pro for products in production.";
export const size = SOCIAL_IMAGE.size;
export const contentType = SOCIAL_IMAGE.contentType;

export default function Image() {
  return socialImage({ title: "Pricing", subtitle: "A free plan to start, Pro for products in production." });
}
