"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { manageBillingAction, upgradeAction } from "./actions";

export function UpgradeButtons({ monthly, yearly }: { monthly: number; yearly?: number }) {
  const [state, action, pending] = useActionState(upgradeAction, { status: "idle" });
  return (
    <form action={action} className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <Button type="submit" name="interval" value="monthly" disabled={pending}>
          Upgrade to Pro — ${monthly} per member/month
        </Button>
        {yearly !== undefined && (
          <Button type="submit" name="interval" value="yearly" variant="secondary" disabled={pending}>
            Pro yearly — ${yearly} per member/year
          </Button>
        )}
      </div>
      <FormError>{state.error}</FormError>
    </form>
  );
}

export function ManageBillingButton({ label = "Manage billing" }: { label?: string }) {
  const [state, action, pending] = useActionState(manageBillingAction, { status: "idle" });
  return (
    <form action={action} className="space-y-3">
      <Button type="submit" variant="secondary" disabled={pending}>
        {label}
      </Button>
      <FormError>{state.error}</FormError>
    </form>
  );
}
