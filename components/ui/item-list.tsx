import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A list of like things (keys, members, sessions, posts), each divided from the next. Its name is
 * required: a page with several lists is read by assistive technology as "list, API keys, 3 items".
 */
export function ItemList({ className, ...props }: ComponentProps<"ul"> & { "aria-label": string }) {
  return <ul className={cn("divide-y divide-border", className)} {...props} />;
}

type ItemRowProps = Omit<ComponentProps<"li">, "children"> & {
  /** The first line: the thing's name and its badges. */
  heading: ReactNode;
  /** What can be done to it: beside it on a wide screen, below it on a narrow one. */
  actions?: ReactNode;
  /** Its details, under the heading. */
  children?: ReactNode;
};

/** One row of an ItemList: what the thing is, then what can be done to it. */
export function ItemRow({ heading, actions, children, className, ...props }: ItemRowProps) {
  return (
    <li className={cn("flex flex-col gap-3 py-4 first:pt-0 last:pb-0 lg:flex-row lg:items-start lg:justify-between lg:gap-6", className)} {...props}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">{heading}</div>
        {children}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap items-start gap-2">{actions}</div>}
    </li>
  );
}

/** What a list shows while it has nothing in it, and what to do about that ("Create one above"). */
export function EmptyState({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("rounded-md border border-dashed border-input p-6 text-center text-sm text-muted-foreground", className)} {...props} />;
}
