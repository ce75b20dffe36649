"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { Field } from "@/components/ui/field";
import { updateProfileAction } from "./actions";

/** `nameMaxLength`: the schema's limit (lib/users/profile.ts), passed in so zod stays out of the browser bundle. */
export function ProfileForm({ name, nameMaxLength }: { name: string; nameMaxLength: number }) {
  const [state, action, pending] = useActionState(updateProfileAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <Field label="Name" name="name" defaultValue={name} autoComplete="name" maxLength={nameMaxLength} error={state.fieldErrors?.name?.[0]} />
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <FormStatus>{state.status === "ok" && !pending ? "Saved." : ""}</FormStatus>
      </div>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
