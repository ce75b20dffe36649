import type { ComponentProps } from "react";

/** A labelled input with its error message, wired for screen readers. */
export function Field({ label, name, error, hint, ...input }: ComponentProps<"input"> & { label: string; name: string; error?: string; hint?: string }) {
  const describedBy = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-md border border-input px-3 py-2 text-sm shadow-sm focus:border-ring focus:outline-2 focus:outline-ring aria-invalid:border-destructive"
        {...input}
      />
      {hint && (
        <p id={`${name}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
