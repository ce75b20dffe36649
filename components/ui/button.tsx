import Link from "next/link";
import type { ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-primary text-primary-foreground hover:bg-primary/85 disabled:opacity-50",
  secondary: "border border-input bg-background text-foreground hover:bg-muted disabled:opacity-50",
  danger: "bg-destructive text-destructive-foreground hover:bg-destructive/85 disabled:opacity-50",
} as const;

type Variant = keyof typeof VARIANTS;

const base =
  "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed";

export function buttonClasses(variant: Variant = "primary", className = "") {
  return `${base} ${VARIANTS[variant]} ${className}`;
}

export function Button({ variant, className, ...props }: ComponentProps<"button"> & { variant?: Variant }) {
  return <button className={buttonClasses(variant, className)} {...props} />;
}

export function ButtonLink({ variant, className, ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={buttonClasses(variant, className)} {...props} />;
}
