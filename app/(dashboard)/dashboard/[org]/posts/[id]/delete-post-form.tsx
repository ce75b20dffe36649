"use client";

import { ConfirmAction } from "@/components/ui/confirm-action";
import { deletePostAction } from "../actions";

/** Delete, after a confirmation step. */
export function DeletePostForm({ id, title }: { id: string; title: string }) {
  return (
    <ConfirmAction
      action={deletePostAction}
      trigger={{ label: "Delete post", variant: "danger" }}
      question={<>Delete “{title}”? This cannot be undone.</>}
      confirmLabel="Yes, delete it"
      pendingLabel="Deleting…"
      fields={{ id }}
    />
  );
}
