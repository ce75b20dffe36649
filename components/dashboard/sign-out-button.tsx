"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

/** `callbackUrl`: where to land once signed out (an invitation comes back to itself, to sign in as another address). */
export function SignOutButton({ callbackUrl = "/" }: { callbackUrl?: string }) {
  return (
    <Button type="button" variant="secondary" onClick={() => signOut({ callbackUrl })}>
      Sign out
    </Button>
  );
}
