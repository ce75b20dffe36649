import type { ComponentProps, ReactNode } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** What a form control needs from its field to be labelled and described for screen readers. */
export type FieldControlProps = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

type FormFieldProps = { label: string; name: string; error?: string; hint?: ReactNode; children: (control: FieldControlProps) => ReactNode };

/** A label, any control (Input, Textarea, Select) and the control's hint and error, wired together. */
export function FormField({ label, name, error, hint, children }: FormFieldProps) {
  const describedBy = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <Label htmlFor={name}>{label}</Label>
      {children({ id: name, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
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

/** A labelled text input with its hint and error. */
export function Field({ label, name, error, hint, ...input }: ComponentProps<"input"> & { label: string; name: string; error?: string; hint?: string }) {
  return (
    <FormField label={label} name={name} error={error} hint={hint}>
      {(control) => <Input {...control} {...input} />}
    </FormField>
  );
}

/** A checkbox with its label beside it (where FormField puts a text control's above), and its hint. */
export function CheckboxField({
  label,
  name,
  hint,
  ...checkbox
}: Omit<ComponentProps<"input">, "type" | "id"> & { label: string; name: string; hint?: string }) {
  return (
    <div className="flex items-start gap-3">
      <Checkbox id={name} name={name} aria-describedby={hint ? `${name}-hint` : undefined} {...checkbox} />
      <div>
        <Label htmlFor={name}>{label}</Label>
        {hint && (
          <p id={`${name}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
