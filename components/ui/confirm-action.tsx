"use client";

import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import type { ActionState } from "@/lib/user-action";

type Props = {
  /** The button that asks the question. */
  trigger: { label: string; ariaLabel?: string; variant?: "secondary" | "danger" };
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** The server action the confirmed form submits (a userAction); its refusal shows under the buttons. */
  action: (state: ActionState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;
  /** What the action is told, as the form's hidden fields by name ({ keyId }). */
  fields?: Record<string, string>;
};

/** A destructive action behind one confirmation step, with the safe choice focused. */
export function ConfirmAction({ trigger, question, confirmLabel, pendingLabel, action: submit, fields = {} }: Props) {
  const [state, action, pending] = useActionState(submit, { status: "idle" });
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const canceled = useRef(false);

  // Back from "Cancel": focus returns to the button that opened the question.
  useEffect(() => {
    if (!confirming && canceled.current) {
      canceled.current = false;
      triggerRef.current?.focus();
    }
  }, [confirming]);

  if (!confirming) {
    return (
      <Button ref={triggerRef} type="button" variant={trigger.variant ?? "secondary"} aria-label={trigger.ariaLabel} onClick={() => setConfirming(true)}>
        {trigger.label}
      </Button>
    );
  }
  return (
    <form action={action} role="group" aria-labelledby={questionId} className="space-y-3 lg:max-w-xs">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p id={questionId} className="text-sm text-foreground">
        {question}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
        <Button
          type="button"
          variant="secondary"
          autoFocus
          disabled={pending}
          onClick={() => {
            canceled.current = true;
            setConfirming(false);
          }}
        >
          Cancel
        </Button>
      </div>
      <FormError>{state.error}</FormError>
    </form>
  );
}
