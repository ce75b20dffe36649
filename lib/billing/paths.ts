// Where billing lives in the app, for links from pages and emails.

export const BILLING_PATH = "/dashboard/billing";
/** A page whose button opens a fresh Customer Portal session (portal URLs expire, so emails link here, never to Stripe). */
export const PORTAL_PATH = `${BILLING_PATH}/portal`;
/**
 * Every "upgrade" link: the billing page's upgrade. A query, not a #fragment, so it survives the
 * way through sign-in (callbackUrl) for a visitor who is not signed in yet.
 */
export const UPGRADE_PATH = `${BILLING_PATH}?upgrade=pro`;
