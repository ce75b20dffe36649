"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { Field } from "@/components/ui/field";
import { deleteAccountAction } from "./actions";

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(deleteAccountAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <Field
        label="Type DELETE to confirm"
        name="confirmation"
        autoComplete="off"
        hint="Your subscription, API keys, posts and usage history are deleted with your account. This cannot be undone."
        error={state.fieldErrors?.confirmation?.[0]}
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete my account"}
      </Button>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
