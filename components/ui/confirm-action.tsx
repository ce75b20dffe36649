"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";

type Props = {
  /** The button that asks the question. */
  trigger: { label: string; ariaLabel?: string; variant?: "secondary" | "danger" };
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** The form's action (from useActionState), its pending flag and its error. */
  action: (formData: FormData) => void;
  pending: boolean;
  error?: string;
  /** Hidden inputs the action needs. */
  children?: ReactNode;
};

/** A destructive action behind one confirmation step, with the safe choice focused. */
export function ConfirmAction({ trigger, question, confirmLabel, pendingLabel, action, pending, error, children }: Props) {
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
      {children}
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
      <FormError>{error}</FormError>
    </form>
  );
}
