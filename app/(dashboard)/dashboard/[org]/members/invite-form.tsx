"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormField } from "@/components/ui/field";
import { FormError, FormStatus } from "@/components/ui/form-messages";
import { Select } from "@/components/ui/select";
import { inviteAction } from "./actions";

type Props = {
  /** The roles the actor may invite as (an owner only by owners), and the longest address (lib/email-address.ts). */
  roles: readonly string[];
  emailMaxLength: number;
  /** No seat left: the page says so above the form. */
  full?: boolean;
};

export function InviteForm({ roles, emailMaxLength, full = false }: Props) {
  const [state, action, pending] = useActionState(inviteAction, { status: "idle" });
  const values = state.values;
  return (
    <form action={action}>
      <fieldset disabled={full} className="min-w-0 space-y-4">
        <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
          <Field
            label="Email address"
            name="email"
            type="email"
            autoComplete="off"
            maxLength={emailMaxLength}
            // After a success the field starts empty again, for the next invitation.
            key={state.status === "ok" ? state.data?.email : "editing"}
            defaultValue={state.status === "ok" ? "" : (values?.email ?? "")}
            error={state.fieldErrors?.email?.[0]}
          />
          <FormField label="Role" name="role" error={state.fieldErrors?.role?.[0]}>
            {(control) => (
              <Select {...control} key={values?.role ?? "member"} defaultValue={values?.role ?? "member"}>
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {role[0]!.toUpperCase() + role.slice(1)}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Inviting…" : "Send invitation"}
          </Button>
          <FormStatus>{state.status === "ok" && !pending ? `Invitation sent to ${state.data?.email}.` : ""}</FormStatus>
        </div>
        <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
      </fieldset>
    </form>
  );
}
