"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { buttonVariants } from "@/components/ui/button-variants";

const LINK = "whitespace-nowrap text-sm font-medium text-muted-foreground hover:text-foreground";

/**
 * "Sign in / Get started", or "Dashboard" for a signed-in visitor. The marketing pages are static
 * files, the same for everyone, so the session is asked for once they are in the browser (the
 * session cookie is httpOnly: only the server can read it).
 */
export function AccountLinks() {
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/auth/session", { signal: controller.signal })
      .then(async (response) => (response.ok ? ((await response.json()) as { user?: unknown }) : {}))
      .then((session) => setSignedIn(Boolean(session.user)))
      // Offline, or navigating away: the signed-out links stay, and they still lead somewhere useful.
      .catch(() => {});
    return () => controller.abort();
  }, []);

  if (signedIn)
    return (
      <Link href="/dashboard" className={buttonVariants()}>
        Dashboard
      </Link>
    );
  return (
    <>
      <Link href="/sign-in" className={LINK}>
        Sign in
      </Link>
      {/* On the wrapper: the button's own inline-flex would beat `hidden` on the button. */}
      <span className="hidden whitespace-nowrap sm:inline-flex">
        <Link href="/sign-in" className={buttonVariants()}>
          Get started
        </Link>
      </span>
    </>
  );
}
