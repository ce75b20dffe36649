"use client";

import { useActionState } from "react";
import { PostFields, type PostFieldValues } from "@/components/posts/post-fields";
import { Button } from "@/components/ui/button";
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
        <p role="status" className="text-sm text-green-800">
          {state.status === "saved" && !pending ? "Saved." : ""}
        </p>
      </div>
      <p role="alert" className="text-sm text-red-700">
        {state.error && !pending ? state.error : ""}
      </p>
    </form>
  );
}
