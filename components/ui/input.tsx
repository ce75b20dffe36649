import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** The look every form control shares: Input, Textarea and Select differ only in their element. */
export const controlClasses =
  "block w-full rounded-md border border-input bg-background px-3 py-2 text-sm text-foreground shadow-sm placeholder:text-muted-foreground " +
  "focus:border-ring focus:outline-2 focus:outline-ring aria-invalid:border-destructive disabled:cursor-not-allowed disabled:opacity-50";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(controlClasses, className)} {...props} />;
}
