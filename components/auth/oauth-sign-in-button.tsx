"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function OAuthSignInButton({ providerId, name, callbackUrl }: { providerId: string; name: string; callbackUrl: string }) {
  return (
    <Button type="button" variant="secondary" className="w-full" onClick={() => signIn(providerId, { callbackUrl })}>
      Continue with {name}
    </Button>
  );
}
