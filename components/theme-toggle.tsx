"use client";

import { useSyncExternalStore } from "react";
import { buttonVariants } from "@/components/ui/button-variants";
import { readThemePreference, storeThemePreference, THEME_CHANGE_EVENT, THEME_PREFERENCES, type ThemePreference } from "@/lib/theme";

const LABELS: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
  };
}

/** System, light or dark: the choice is stored in this browser and applied at once (lib/theme.ts). */
export function ThemeToggle() {
  // The server cannot know the stored choice: no button is pressed until the browser says which.
  const current = useSyncExternalStore(
    subscribe,
    () => readThemePreference(),
    () => undefined,
  );
  return (
    <div role="group" aria-label="Theme" className="inline-flex gap-0.5 rounded-md border border-border p-0.5">
      {THEME_PREFERENCES.map((preference) => (
        <button
          key={preference}
          type="button"
          className={buttonVariants({ variant: "ghost", size: "sm" })}
          aria-pressed={current === undefined ? undefined : current === preference}
          onClick={() => storeThemePreference(preference)}
        >
          {LABELS[preference]}
        </button>
      ))}
    </div>
  );
}
