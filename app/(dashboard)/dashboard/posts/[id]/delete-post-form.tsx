"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { deletePostAction, type PostFormState } from "../actions";

/** Delete, after a confirmation step. */
export function DeletePostForm({ id, title }: { id: string; title: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<PostFormState, FormData>(deletePostAction.bind(null, id), { status: "idle" });
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
      <Button ref={trigger} type="button" variant="danger" onClick={() => setConfirming(true)}>
        Delete post
      </Button>
    );
  }
  return (
    <form action={action} role="group" aria-labelledby="delete-post-question" className="space-y-3">
      <p id="delete-post-question" className="text-sm text-zinc-800">
        Delete “{title}”? This cannot be undone.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Deleting…" : "Yes, delete it"}
        </Button>
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
