"use client";

import { ConfirmAction } from "@/components/ui/confirm-action";
import { revokeApiKeyAction } from "./actions";

/** Revoke, with one confirmation step: apps using the key stop working on their next request. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  return (
    <ConfirmAction
      action={revokeApiKeyAction}
      trigger={{ label: "Revoke", ariaLabel: `Revoke ${name}` }}
      question={<>Revoke “{name}”? Apps using it stop working at once.</>}
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
      fields={{ keyId }}
    />
  );
}
