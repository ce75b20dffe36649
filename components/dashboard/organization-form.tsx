"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-messages";
import type { ActionState } from "@/lib/user-action";

type Props = {
  /** The server action: creating an organization, or renaming this one. */
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  defaults?: { name: string; slug: string };
  /** The schema's limits (lib/organizations), passed in so zod stays out of the browser bundle. */
  limits: { name: number; slug: number };
  slugHint: string;
  submitLabel: string;
  pendingLabel: string;
};

/** An organization's name and slug: the new organization form and the rename form. */
export function OrganizationForm({ action: serverAction, defaults, limits, slugHint, submitLabel, pendingLabel }: Props) {
  const [state, action, pending] = useActionState(serverAction, { status: "idle" });
  // A refused form keeps what was typed.
  const value = (field: "name" | "slug") => state.values?.[field] ?? defaults?.[field] ?? "";
  return (
    <form action={action} className="space-y-4" key={state.values ? JSON.stringify(state.values) : "initial"}>
      <Field label="Name" name="name" defaultValue={value("name")} autoComplete="organization" maxLength={limits.name} error={state.fieldErrors?.name?.[0]} />
      <Field
        label="Address"
        name="slug"
        defaultValue={value("slug")}
        autoComplete="off"
        spellCheck={false}
        maxLength={limits.slug}
        hint={slugHint}
        error={state.fieldErrors?.slug?.[0]}
      />
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
