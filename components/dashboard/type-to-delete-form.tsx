"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-messages";
import type { ActionState } from "@/lib/user-action";

type Props = {
  /** The server action: deleting the account, or this organization. Its schema checks `confirmation` against `phrase`. */
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  /** What the user types to say they mean it: "DELETE", or the organization's name. */
  phrase: string;
  /** What goes with it, in words. */
  hint: string;
  submitLabel: string;
};

/** A deletion that cannot be undone, confirmed by typing a phrase (the account's, an organization's). */
export function TypeToDeleteForm({ action: serverAction, phrase, hint, submitLabel }: Props) {
  const [state, action, pending] = useActionState(serverAction, { status: "idle" });
  return (
    <form action={action} className="space-y-4">
      <Field label={`Type ${phrase} to confirm`} name="confirmation" autoComplete="off" hint={hint} error={state.fieldErrors?.confirmation?.[0]} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : submitLabel}
      </Button>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
