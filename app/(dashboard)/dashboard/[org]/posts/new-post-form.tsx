"use client";

import { useActionState } from "react";
import { PostFields, submittedPost } from "@/components/posts/post-fields";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { createPostAction } from "./actions";

/** `atLimit`: the plan's posts are used up, and the page says so above the form (PlanLimitNotice). */
export function NewPostForm({ limits, atLimit = false }: { limits: { title: number; content: number }; atLimit?: boolean }) {
  const [state, action, pending] = useActionState(createPostAction, { status: "idle" });
  return (
    <form action={action}>
      {/* A disabled fieldset disables every field and the button in it, without script. */}
      <fieldset disabled={atLimit} className="min-w-0 space-y-4">
        <PostFields defaults={submittedPost(state.values)} fieldErrors={state.fieldErrors} limits={limits} />
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create post"}
          </Button>
          <FormStatus>{state.status === "ok" && !pending ? `Created “${state.data?.title}”.` : ""}</FormStatus>
        </div>
        <FormError>{state.error && !pending ? state.error : ""}</FormError>
      </fieldset>
    </form>
  );
}
