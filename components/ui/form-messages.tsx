import type { ReactNode } from "react";

// A form's live regions. They are always rendered, empty while there is nothing to say: screen
// readers announce a change in a region that already exists, not one that appears with its text.

export function FormError({ children }: { children?: ReactNode }) {
  return (
    <p role="alert" className="text-sm text-destructive">
      {children}
    </p>
  );
}

export function FormStatus({ children }: { children?: ReactNode }) {
  return (
    <p role="status" className="text-sm text-success">
      {children}
    </p>
  );
}
