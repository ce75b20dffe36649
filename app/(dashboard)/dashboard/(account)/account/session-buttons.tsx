"use client";

import { ConfirmAction } from "@/components/ui/confirm-action";
import { endOtherSessionsAction, endSessionAction } from "./actions";

/** Ends another session, with one confirmation step: that browser is signed out on its next request. */
export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  return (
    <ConfirmAction
      action={endSessionAction}
      trigger={{ label: "Sign out", ariaLabel: `Sign out ${device}` }}
      question={<>Sign out {device}? It needs to sign in again.</>}
      confirmLabel="Yes, sign out"
      pendingLabel="Signing out…"
      fields={{ sessionId }}
    />
  );
}

export function EndOtherSessionsButton({ count }: { count: number }) {
  return (
    <ConfirmAction
      action={endOtherSessionsAction}
      trigger={{ label: "Sign out all other sessions", variant: "danger" }}
      question={<>Sign out {count === 1 ? "the other session" : `all ${count} other sessions`}? Only this browser stays signed in.</>}
      confirmLabel="Yes, sign out everywhere else"
      pendingLabel="Signing out…"
    />
  );
}
