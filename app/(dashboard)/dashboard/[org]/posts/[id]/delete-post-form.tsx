"use client";

import { useActionState } from "react";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { deletePostAction } from "../actions";

/** Delete, after a confirmation step. */
export function DeletePostForm({ id, title }: { id: string; title: string }) {
  const [state, action, pending] = useActionState(deletePostAction, { status: "idle" });
  return (
    <ConfirmAction
      trigger={{ label: "Delete post", variant: "danger" }}
      question={<>Delete “{title}”? This cannot be undone.</>}
      confirmLabel="Yes, delete it"
      pendingLabel="Deleting…"
      action={action}
      pending={pending}
      error={state.error}
    >
      <input type="hidden" name="id" value={id} />
    </ConfirmAction>
  );
}
