"use client";

import { useActionState } from "react";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { revokeApiKeyAction } from "./actions";

/** Revoke, with one confirmation step: apps using the key stop working on their next request. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, { status: "idle" });
  return (
    <ConfirmAction
      trigger={{ label: "Revoke", ariaLabel: `Revoke ${name}` }}
      question={<>Revoke “{name}”? Apps using it stop working at once.</>}
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
      action={action}
      pending={pending}
      error={state.error}
    >
      <input type="hidden" name="keyId" value={keyId} />
    </ConfirmAction>
  );
}
