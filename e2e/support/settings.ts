// Fixed settings of the e2e run, shared by the config, the global setup and the tests.

/** The port the production build listens on (the config's baseURL needs it before setup runs). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/** What the app's billing is configured with, so tests can sign webhooks and build subscriptions. */
export const E2E_STRIPE = { webhookSecret: "whsec_e2e_secret", proMonthly: "price_e2e_pro_monthly", trialDays: 14 };
