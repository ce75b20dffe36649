"use client";

import { useActionState } from "react";
import { PostFields, submittedPost, type PostFieldValues } from "@/components/posts/post-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { updatePostAction } from "../actions";

export function EditPostForm({ id, post, limits }: { id: string; post: PostFieldValues; limits: { title: number; content: number } }) {
  const [state, action, pending] = useActionState(updatePostAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      {/* After a save the page re-renders with the stored post, and the form resets to it. */}
      <input type="hidden" name="id" value={id} />
      <PostFields defaults={submittedPost(state.values) ?? post} fieldErrors={state.fieldErrors} limits={limits} />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <FormStatus>{state.status === "ok" && !pending ? "Saved." : ""}</FormStatus>
      </div>
      <FormError>{state.error && !pending ? state.error : ""}</FormError>
    </form>
  );
}
