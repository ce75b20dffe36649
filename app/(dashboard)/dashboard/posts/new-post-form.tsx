"use client";

import { useActionState } from "react";
import { PostFields, submittedPost } from "@/components/posts/post-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { createPostAction } from "./actions";

export function NewPostForm({ limits }: { limits: { title: number; content: number } }) {
  const [state, action, pending] = useActionState(createPostAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <PostFields defaults={submittedPost(state.values)} fieldErrors={state.fieldErrors} limits={limits} />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create post"}
        </Button>
        <FormStatus>{state.status === "ok" && !pending ? `Created “${state.data?.title}”.` : ""}</FormStatus>
      </div>
      <FormError>{state.error && !pending ? state.error : ""}</FormError>
    </form>
  );
}
