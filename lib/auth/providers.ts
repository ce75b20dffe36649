// Which ways to sign in this deployment offers, from its environment:
// - email magic links through SMTP when EMAIL_SERVER/EMAIL_FROM are set (lib/email's branded email); outside production
//   without SMTP, links go to the server log and /dev/magic-links instead;
// - GitHub when GITHUB_ID/GITHUB_SECRET are set.
import type { Provider } from "next-auth/providers/index";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import { signInEmail } from "@/lib/email/messages/sign-in";
import { sendEmail } from "@/lib/email/send";
import type { ServerEnv } from "@/lib/env";
import { logMagicLink } from "./magic-links.ts";

export type ProviderSummary = { id: "email" | "github"; name: string };

export function buildProviders(env: ServerEnv): Provider[] {
  const providers: Provider[] = [];
  if (env.EMAIL_SERVER && env.EMAIL_FROM) {
    providers.push(
      EmailProvider({
        server: env.EMAIL_SERVER,
        from: env.EMAIL_FROM,
        // The branded email (lib/email), through the same SMTP server; a failure reaches next-auth, which shows the user an error.
        async sendVerificationRequest({ identifier, url, expires }) {
          await sendEmail({ to: identifier, ...signInEmail({ url, expires }) }, env);
        },
      }),
    );
  } else if (env.NODE_ENV !== "production") {
    providers.push(EmailProvider({ from: "Acme SaaS <no-reply@localhost>", sendVerificationRequest: logMagicLink }));
  }
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  return providers;
}

/** What the sign-in page shows: only the providers that are configured. */
export function configuredProviders(env: ServerEnv): ProviderSummary[] {
  return buildProviders(env).map((provider) => ({ id: provider.id as ProviderSummary["id"], name: provider.name }));
}

/** True when email sign-in links are only logged (no SMTP): the UI points to /dev/magic-links. */
export function magicLinksAreLogged(env: ServerEnv) {
  return !env.EMAIL_SERVER && env.NODE_ENV !== "production";
}
