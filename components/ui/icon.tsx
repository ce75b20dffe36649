import { createElement } from "react";
import type { IconNode } from "lucide";

/**
 * A Lucide icon, drawn by this server component from the icon's data. Import each icon on its own
 * (`import Database from "lucide/dist/esm/icons/database.mjs"`), so only the icons used are bundled.
 * The `lucide` package, not `lucide-react`: lucide-react's icons are client components ("use client"
 * since 1.0), which would add JavaScript to pages that have none (the landing page).
 * Decorative: hidden from assistive technology, next to text that says the same.
 */
export function Icon({ icon, className }: { icon: IconNode; className?: string }) {
  return (
    <svg
      aria-hidden
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {icon.map(([tag, attributes], i) => createElement(tag, { key: i, ...attributes }))}
    </svg>
  );
}
