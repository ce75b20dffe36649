"use client";

import { useActionState } from "react";
import { PostFields, type PostFieldValues } from "@/components/posts/post-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { updatePostAction, type PostFormState } from "../actions";

export function EditPostForm({ id, post, limits }: { id: string; post: PostFieldValues; limits: { title: number; content: number } }) {
  const [state, action, pending] = useActionState<PostFormState, FormData>(updatePostAction.bind(null, id), { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      {/* After a save the page re-renders with the stored post, and the form resets to it. */}
      <PostFields defaults={state.values ?? post} fieldErrors={state.fieldErrors} limits={limits} />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <FormStatus>{state.status === "saved" && !pending ? "Saved." : ""}</FormStatus>
      </div>
      <FormError>{state.error && !pending ? state.error : ""}</FormError>
    </form>
  );
}
