import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A titled section; its title names it for assistive technology (a "region" landmark). */
export function Card({ title, description, children, className }: { title?: string; description?: ReactNode; children?: ReactNode; className?: string }) {
  const titleId = title ? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : undefined;
  return (
    <section aria-labelledby={titleId} className={cn("rounded-lg border border-border bg-card p-6 shadow-sm", className)}>
      {title && (
        <h2 id={titleId} className="text-base font-semibold text-foreground">
          {title}
        </h2>
      )}
      {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      {children && <div className={title || description ? "mt-4" : ""}>{children}</div>}
    </section>
  );
}
