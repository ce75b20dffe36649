import type { ComponentProps } from "react";

/** A labelled input with its error message, wired for screen readers. */
export function Field({ label, name, error, hint, ...input }: ComponentProps<"input"> & { label: string; name: string; error?: string; hint?: string }) {
  const describedBy = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-md border border-zinc-300 px-3 py-2 text-sm shadow-sm focus:border-zinc-900 focus:outline-2 focus:outline-zinc-900 aria-invalid:border-red-600"
        {...input}
      />
      {hint && (
        <p id={`${name}-hint`} className="text-xs text-zinc-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
