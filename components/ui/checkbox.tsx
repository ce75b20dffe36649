import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** A checkbox in the product's colours, with the focus ring every control has. */
export function Checkbox({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  return (
    <input
      className={cn(
        "mt-0.5 size-4 shrink-0 accent-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
      type="checkbox"
    />
  );
}
