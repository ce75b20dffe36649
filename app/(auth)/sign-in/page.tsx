import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EmailSignInForm } from "@/components/auth/email-sign-in-form";
import { OAuthSignInButton } from "@/components/auth/oauth-sign-in-button";
import Link from "next/link";
import { configuredProviders, magicLinksAreLogged } from "@/lib/auth/providers";
import { AFTER_SIGN_IN_PATH } from "@/lib/auth/protected";
import { getCurrentUser } from "@/lib/auth/session";
import { appOrigin } from "@/lib/app-origin";
import { INVALID_REQUEST_ERROR, RATE_LIMITED_ERROR, secondsUntilRetry } from "@/lib/auth/sign-in-throttle";
import { retryIn } from "@/lib/rate-limit/rate-limit";
import { getServerEnv } from "@/lib/env";
import { localRedirectPath } from "@/lib/redirect-target";

export const metadata: Metadata = { title: "Sign in", description: "Sign in to Acme SaaS with a link sent by email, or with GitHub: no password." };

type SearchParams = { callbackUrl?: string; error?: string; retryAt?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const callbackUrl = localRedirectPath(params.callbackUrl, await appOrigin()) ?? AFTER_SIGN_IN_PATH;
  if (await getCurrentUser()) redirect(callbackUrl);
  const retryAfter = params.error === RATE_LIMITED_ERROR ? secondsUntilRetry(params.retryAt) : undefined;
  const env = getServerEnv();
  const providers = configuredProviders(env);
  const oauth = providers.filter((provider) => provider.id !== "email");

  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-2 text-sm text-muted-foreground">No password needed: we email you a link that signs you in.</p>
      {providers.length === 0 && (
        <p role="alert" className="mt-6 rounded-md bg-warning-muted p-4 text-sm text-warning">
          No sign-in method is configured. Set EMAIL_SERVER and EMAIL_FROM, or GITHUB_ID and GITHUB_SECRET.
        </p>
      )}
      {retryAfter !== undefined && (
        <p role="alert" data-testid="sign-in-retry" className="mt-6 rounded-md bg-warning-muted p-4 text-sm text-warning">
          Too many sign-in emails were asked for, for this address or from your network. Try again {retryIn(retryAfter)}.
        </p>
      )}
      {params.error === INVALID_REQUEST_ERROR && (
        <p role="alert" data-testid="sign-in-invalid" className="mt-6 rounded-md bg-warning-muted p-4 text-sm text-warning">
          That email address cannot receive mail (at most 64 characters before the @, 254 in all): check it and try again.
        </p>
      )}
      {providers.some((provider) => provider.id === "email") && <EmailSignInForm callbackUrl={callbackUrl} />}
      {magicLinksAreLogged(env) && (
        <p data-testid="sign-in-development-note" className="mt-4 rounded-md bg-muted p-4 text-sm text-foreground">
          Development: no EMAIL_SERVER is set, so the link is not emailed. It is printed in the terminal running <code>npm run dev</code> and listed on{" "}
          <Link href="/dev/magic-links" className="font-medium text-brand underline">
            the magic link page
          </Link>
          .
        </p>
      )}
      {oauth.length > 0 && (
        <div className="mt-6 space-y-3 border-t border-border pt-6">
          {oauth.map((provider) => (
            <OAuthSignInButton key={provider.id} providerId={provider.id} name={provider.name} callbackUrl={callbackUrl} />
          ))}
        </div>
      )}
    </>
  );
}
