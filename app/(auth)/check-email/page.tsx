import type { Metadata } from "next";
import Link from "next/link";
import { magicLinksAreLogged } from "@/lib/auth/providers";
import { getServerEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Check your email" };
// What it shows depends on the server's environment (SMTP or not), read at request time.
export const dynamic = "force-dynamic";

export default function CheckEmailPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Check your email</h1>
      <p className="mt-4 text-sm text-muted-foreground">We sent you a sign-in link. It works once and expires in 24 hours. You can close this tab.</p>
      {magicLinksAreLogged(getServerEnv()) && (
        <p className="mt-6 rounded-md bg-muted p-4 text-sm text-foreground">
          Development: no SMTP server is configured, so the link is in the server log and on{" "}
          <Link href="/dev/magic-links" className="font-medium text-brand underline">
            the magic link page
          </Link>
          .
        </p>
      )}
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-medium text-brand underline">
          Use another email address
        </Link>
      </p>
    </>
  );
}
