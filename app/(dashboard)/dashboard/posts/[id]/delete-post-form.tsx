"use client";

import { useActionState } from "react";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { deletePostAction, type PostFormState } from "../actions";

/** Delete, after a confirmation step. */
export function DeletePostForm({ id, title }: { id: string; title: string }) {
  const [state, action, pending] = useActionState<PostFormState, FormData>(deletePostAction.bind(null, id), { status: "idle" });
  return (
    <ConfirmAction
      trigger={{ label: "Delete post", variant: "danger" }}
      question={<>Delete “{title}”? This cannot be undone.</>}
      confirmLabel="Yes, delete it"
      pendingLabel="Deleting…"
      action={action}
      pending={pending}
      error={state.error}
    />
  );
}
