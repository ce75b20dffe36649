import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names (strings, conditionals, arrays) and resolves Tailwind conflicts in favour of the
 * last one: `cn("px-4", className)` lets a caller's `px-2` win instead of both landing in the markup,
 * where the stylesheet's order — not the caller — would decide.
 */
export function cn(...classes: ClassValue[]) {
  return twMerge(clsx(classes));
}
