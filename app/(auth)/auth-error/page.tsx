import type { Metadata } from "next";
import Link from "next/link";
import { lookup } from "@/lib/lookup";

export const metadata: Metadata = { title: "Sign-in problem" };

// next-auth's error codes (https://next-auth.js.org/configuration/pages#error-page), in plain words.
const MESSAGES: Record<string, string> = {
  Verification: "This sign-in link is no longer valid: it was already used or it expired. Ask for a new one.",
  AccessDenied: "You do not have access to this app.",
  Configuration: "Sign-in is not configured correctly on the server. Please try again later.",
  OAuthAccountNotLinked: "This email is already used with another sign-in method. Sign in the way you did before.",
  EmailSignin: "We could not send the sign-in email. Please try again.",
};

// A repeated parameter (`?error=a&error=b`) arrives as an array.
export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">We couldn’t sign you in</h1>
      <p role="alert" className="mt-4 text-sm text-muted-foreground">
        {(typeof error === "string" && lookup(MESSAGES, error)) || "Something went wrong while signing you in. Please try again."}
      </p>
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-medium text-brand underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
