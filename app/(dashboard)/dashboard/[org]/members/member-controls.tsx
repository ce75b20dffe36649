"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/form-messages";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import {
  changeRoleAction,
  leaveOrganizationAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
  transferOwnershipAction,
} from "./actions";

const label = (role: string) => role[0]!.toUpperCase() + role.slice(1);

/** A member's role, as a select and a button (works without script). `roles`: those the actor may give. */
export function RoleForm({ userId, name, role, roles }: { userId: string; name: string; role: string; roles: readonly string[] }) {
  const [state, action, pending] = useActionState(changeRoleAction, { status: "idle" });
  const id = `role-${userId}`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <Label htmlFor={id} className="sr-only">
        Role of {name}
      </Label>
      <div className="flex gap-2">
        <Select id={id} name="role" defaultValue={role} key={role} className="w-32">
          {roles.map((option) => (
            <option key={option} value={option}>
              {label(option)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary" disabled={pending} aria-label={`Change the role of ${name}`}>
          {pending ? "Saving…" : "Change"}
        </Button>
      </div>
      <FormError>{(state.status === "failed" || state.status === "invalid") && !pending ? (state.error ?? state.fieldErrors?.role?.[0]) : ""}</FormError>
    </form>
  );
}

export function RemoveMemberButton({ userId, name }: { userId: string; name: string }) {
  return (
    <ConfirmAction
      action={removeMemberAction}
      trigger={{ label: "Remove", ariaLabel: `Remove ${name}` }}
      question={<>Remove {name}? They lose access at once, and their API keys for this organization stop working.</>}
      confirmLabel="Yes, remove"
      pendingLabel="Removing…"
      fields={{ userId }}
    />
  );
}

export function TransferOwnershipButton({ userId, name }: { userId: string; name: string }) {
  return (
    <ConfirmAction
      action={transferOwnershipAction}
      trigger={{ label: "Make owner", ariaLabel: `Transfer ownership to ${name}` }}
      question={<>Transfer ownership to {name}? They become an owner and you an admin.</>}
      confirmLabel="Yes, transfer"
      pendingLabel="Transferring…"
      fields={{ userId }}
    />
  );
}

export function LeaveButton({ organizationName }: { organizationName: string }) {
  return (
    <ConfirmAction
      action={leaveOrganizationAction}
      trigger={{ label: "Leave organization", variant: "danger" }}
      question={<>Leave {organizationName}? You need a new invitation to come back.</>}
      confirmLabel="Yes, leave"
      pendingLabel="Leaving…"
    />
  );
}

export function RevokeInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  return (
    <ConfirmAction
      action={revokeInvitationAction}
      trigger={{ label: "Revoke", ariaLabel: `Revoke the invitation of ${email}` }}
      question={<>Revoke the invitation of {email}? Its link stops working.</>}
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
      fields={{ invitationId }}
    />
  );
}

export function ResendInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  const [state, action, pending] = useActionState(resendInvitationAction, { status: "idle" });
  return (
    <form action={action} className="space-y-2 lg:max-w-xs">
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Resend the invitation of ${email}`}>
        {pending ? "Sending…" : "Resend"}
      </Button>
      <p role="status" className="text-sm text-success">
        {state.status === "ok" && !pending ? "Sent again, with a new link." : ""}
      </p>
      <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
    </form>
  );
}
