"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-messages";
import { Field } from "@/components/ui/field";
import { updateProfileAction, type FormState } from "./actions";

export function ProfileForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateProfileAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <Field label="Name" name="name" defaultValue={name} autoComplete="name" maxLength={200} error={state.fieldErrors?.name?.[0]} />
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <FormStatus>{state.status === "saved" && !pending ? "Saved." : ""}</FormStatus>
      </div>
    </form>
  );
}
