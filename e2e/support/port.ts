// The port the production build listens on during the e2e run (the config's baseURL needs it).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
