// Where billing lives in the app, for links from pages, emails and Stripe: an organization's billing
// page (/dashboard/<slug>/billing), since an organization is what pays.
import { organizationPath } from "@/lib/organizations/paths";

/** The organization `slug`'s billing page. */
export function billingPath(slug: string): string {
  return organizationPath(slug, "/billing");
}

/** A page whose button opens a fresh Customer Portal session (portal URLs expire, so emails link here, never to Stripe). */
export function portalPath(slug: string): string {
  return `${billingPath(slug)}/portal`;
}

/**
 * Every "upgrade" link: the billing page's upgrade. A query, not a #fragment, so it survives the
 * way through sign-in (callbackUrl) for a visitor who is not signed in yet.
 */
export function upgradePath(slug: string): string {
  return `${billingPath(slug)}?upgrade=pro`;
}

/**
 * The upgrade link of pages outside any organization (pricing): an old-style dashboard link, which
 * lands in the organization the visitor used last (lib/organizations/paths.ts).
 */
export const UPGRADE_PATH = "/dashboard/billing?upgrade=pro";
