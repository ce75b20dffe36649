// Sends an email through the SMTP server of EMAIL_SERVER/EMAIL_FROM — the one every message uses.
// Without SMTP, development writes the email to the server log instead (never sent); production
// without SMTP sends nothing and says so in the log.
import { createTransport, type Transporter } from "nodemailer";
import { getServerEnv, type ServerEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { RenderedEmail } from "./template.ts";

export type OutgoingEmail = RenderedEmail & { to: string };
/** What became of an email: handed to the SMTP server, written to the log (development), or dropped (no SMTP in production). */
export type Delivery = "sent" | "logged" | "not_configured";

const transports = new Map<string, Transporter>();

/** Throws when the SMTP server refuses the email or cannot be reached: callers decide what that means. */
export async function sendEmail(email: OutgoingEmail, env: ServerEnv = getServerEnv()): Promise<Delivery> {
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM) {
    if (env.NODE_ENV === "production") {
      logger.warn({ event: "email.not_configured", subject: email.subject }, "no EMAIL_SERVER: email not sent");
      return "not_configured";
    }
    logger.info({ event: "email.logged", to: email.to, subject: email.subject, text: email.text }, "email (no EMAIL_SERVER, development only)");
    return "logged";
  }
  const result = await transport(env.EMAIL_SERVER).sendMail({ from: env.EMAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html });
  const refused = [...result.rejected, ...(result.pending ?? [])];
  if (refused.length > 0) throw new Error(`The SMTP server did not accept the email for ${refused.length} recipient(s).`);
  return "sent";
}

function transport(url: string) {
  let existing = transports.get(url);
  if (!existing) {
    // Short timeouts: a webhook waits for its emails, and Stripe gives up on slow endpoints.
    existing = createTransport({ url, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
    transports.set(url, existing);
  }
  return existing;
}
