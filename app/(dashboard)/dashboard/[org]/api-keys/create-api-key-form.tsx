"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { Field, FormField } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { createApiKeyAction } from "./actions";

type Props = {
  /** The schema's name limit and expiry choices (lib/api-keys/keys.ts), passed in so zod stays out of the browser bundle. */
  nameMaxLength: number;
  expiryChoices: readonly { value: string; label: string }[];
  /** The plan's keys are used up, and the page says so above the form (PlanLimitNotice). */
  atLimit?: boolean;
};

export function CreateApiKeyForm({ nameMaxLength, expiryChoices, atLimit = false }: Props) {
  // The previous state holds the last full key, and useActionState sends it back with the next
  // submission, where `next dev` logs a server action's arguments: the key stays on this side.
  const [state, action, pending] = useActionState((_previous: unknown, form: FormData) => createApiKeyAction(undefined, form), { status: "idle" });
  const [dismissed, setDismissed] = useState<string>();
  const values = state.values;
  const fieldErrors = state.fieldErrors;
  const expiryError = fieldErrors?.expiresInDays?.[0];
  const created = state.status === "ok" && state.data && state.data.key !== dismissed ? state.data : undefined;

  function dismiss(key: string) {
    setDismissed(key);
    document.getElementById("name")?.focus();
  }

  return (
    <div className="space-y-6">
      {created && <NewKeyCallout key={created.id} name={created.name} apiKey={created.key} onDone={() => dismiss(created.key)} />}
      <form action={action}>
        {/* A disabled fieldset disables every field and the button in it, without script. */}
        <fieldset disabled={atLimit} className="min-w-0 space-y-4">
          <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
            <Field
              label="Name"
              name="name"
              autoComplete="off"
              maxLength={nameMaxLength}
              defaultValue={values?.name ?? ""}
              hint="What uses this key, e.g. “Production server”."
              error={fieldErrors?.name?.[0]}
            />
            <FormField label="Expires" name="expiresInDays" error={expiryError}>
              {(control) => (
                <Select
                  {...control}
                  // React applies a select's defaultValue only when it mounts: remount to keep a refused choice.
                  key={values?.expiresInDays ?? "never"}
                  defaultValue={values?.expiresInDays ?? "never"}
                >
                  {expiryChoices.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create key"}
          </Button>
          <FormError>{state.status === "failed" && !pending ? state.error : ""}</FormError>
        </fieldset>
      </form>
    </div>
  );
}

/** The one time the full key is on screen. Focus moves here so keyboard and screen reader users land on it. */
function NewKeyCallout({ name, apiKey, onDone }: { name: string; apiKey: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const code = useRef<HTMLElement>(null);
  const [copyMessage, setCopyMessage] = useState("");

  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopyMessage("Copied to the clipboard.");
    } catch {
      // No clipboard access (permissions, insecure origin): select the key for a manual copy.
      const selection = window.getSelection();
      if (code.current && selection) selection.selectAllChildren(code.current);
      setCopyMessage("Could not copy automatically: the key is selected, press Ctrl+C (⌘C on a Mac).");
    }
  }

  return (
    <div data-testid="new-api-key-callout" className="rounded-md border border-warning/30 bg-warning-muted p-4 text-sm text-warning">
      <h3 ref={heading} tabIndex={-1} className="font-semibold focus:outline-none">
        Copy this key now — you won’t see it again
      </h3>
      <p className="mt-1">Your new key “{name}” is ready. Store it somewhere safe, like your app’s secrets or a password manager: we only keep a hash of it.</p>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-center">
        <code
          ref={code}
          data-testid="new-api-key"
          className="min-w-0 flex-1 select-all break-all rounded border border-warning/30 bg-background px-3 py-2 font-mono text-sm text-foreground"
        >
          {apiKey}
        </code>
        <Button type="button" variant="secondary" onClick={copy}>
          Copy key
        </Button>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm">
          {copyMessage}
        </p>
        <Button type="button" variant="secondary" onClick={onDone}>
          I’ve copied it
        </Button>
      </div>
    </div>
  );
}
