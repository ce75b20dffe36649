"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-messages";
import { deleteOrganizationAction } from "./actions";

export function DeleteOrganizationForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(deleteOrganizationAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <Field
        label={`Type ${name} to confirm`}
        name="confirmation"
        autoComplete="off"
        hint="Its posts, API keys, memberships and subscription are deleted with it. This cannot be undone."
        error={state.fieldErrors?.confirmation?.[0]}
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete this organization"}
      </Button>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
