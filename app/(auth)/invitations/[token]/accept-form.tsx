"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, organizationName }: { token: string; organizationName: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, { status: "idle" });
  return (
    <form action={action} className="mt-6 space-y-3">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Joining…" : `Join ${organizationName}`}
      </Button>
      <FormError>{state.status !== "ok" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
