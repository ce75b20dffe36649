import { cva, type VariantProps } from "class-variance-authority";

/**
 * A button's classes, by variant and size. `Button` and `ButtonLink` (./button.tsx) add a caller's
 * className through `cn()`. The client components on the static marketing pages (the header's
 * account links and theme toggle, the root error page) call this directly, with no className:
 * `cn()`'s tailwind-merge is about 8 KB gzip, and `/` keeps its first-load JavaScript within 1.05× of
 * a bare Next.js page's (`npm run bench -- --only landing`).
 */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors " +
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50",
  {
    variants: {
      variant: {
        primary: "bg-primary text-primary-foreground hover:bg-primary/85",
        secondary: "border border-input bg-background text-foreground hover:bg-muted",
        danger: "bg-destructive text-destructive-foreground hover:bg-destructive/85",
        /** Quiet until hovered or pressed (aria-pressed): a toolbar's or a toggle group's buttons. */
        ghost: "text-muted-foreground hover:bg-muted hover:text-foreground aria-pressed:bg-muted aria-pressed:text-foreground",
      },
      size: {
        md: "px-4 py-2",
        sm: "px-2.5 py-1 text-xs",
      },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export type ButtonVariants = VariantProps<typeof buttonVariants>;
