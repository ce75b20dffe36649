"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { revokeApiKeyAction, type RevokeKeyState } from "./actions";

/** Revoke, with one confirmation step: apps using the key stop working on their next request. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<RevokeKeyState, FormData>(revokeApiKeyAction, { status: "idle" });
  const trigger = useRef<HTMLButtonElement>(null);
  const canceled = useRef(false);

  // Back from "Cancel": focus returns to the button that opened the question.
  useEffect(() => {
    if (!confirming && canceled.current) {
      canceled.current = false;
      trigger.current?.focus();
    }
  }, [confirming]);

  function cancel() {
    canceled.current = true;
    setConfirming(false);
  }

  if (!confirming) {
    return (
      <Button ref={trigger} type="button" variant="secondary" aria-label={`Revoke ${name}`} onClick={() => setConfirming(true)}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={action} role="group" aria-labelledby={`revoke-${keyId}`} className="space-y-2 lg:max-w-xs">
      <input type="hidden" name="keyId" value={keyId} />
      <p id={`revoke-${keyId}`} className="text-sm text-zinc-800">
        Revoke “{name}”? Apps using it stop working at once.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Revoking…" : "Yes, revoke"}
        </Button>
        {/* Focus lands on the safe choice. */}
        <Button type="button" variant="secondary" autoFocus disabled={pending} onClick={cancel}>
          Cancel
        </Button>
      </div>
      <p role="alert" className="text-sm text-red-700">
        {state.error ?? ""}
      </p>
    </form>
  );
}
