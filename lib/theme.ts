// Dark mode. The page follows the system's colour scheme unless the visitor picked one with the theme
// toggle (components/theme-toggle.tsx), which stores it in localStorage. THEME_SCRIPT, inline at the
// top of every page's <head> (components/document.tsx), puts the theme to show on <html data-theme>
// before the first paint, so no page flashes the other theme; app/globals.css turns the attribute
// into `color-scheme`, which picks each token's light or dark value. Without JavaScript the
// stylesheet alone follows the system.
//
// The script is a plain string, not a function's source, so every bundle that imports it (the
// pages, proxy.ts) holds exactly the same text: the Content-Security-Policy allows it by its hash
// (lib/security/headers.ts), on the prerendered pages and on the pages rendered per request alike.

export const THEME_PREFERENCES = ["system", "light", "dark"] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

export const THEME_STORAGE_KEY = "theme";
/** Fired on window after the toggle stores a preference: the theme script applies it. */
export const THEME_CHANGE_EVENT = "theme-preference-change";

export const THEME_SCRIPT = `(function () {
  var root = document.documentElement;
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    var preference = null;
    try {
      preference = window.localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});
    } catch (error) {}
    root.dataset.theme = preference === "dark" || (preference !== "light" && system.matches) ? "dark" : "light";
  }
  apply();
  system.addEventListener("change", apply);
  window.addEventListener("storage", apply);
  window.addEventListener(${JSON.stringify(THEME_CHANGE_EVENT)}, apply);
})();`;

/** The stored preference; "system" when there is none, it is unreadable, or it is not one of ours. */
export function readThemePreference(storage: Pick<Storage, "getItem"> = window.localStorage): ThemePreference {
  try {
    const stored = storage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system"; // storage disabled (a privacy setting): the system decides
  }
}

/** Stores the preference ("system" forgets the stored one) and has the theme script apply it. */
export function storeThemePreference(preference: ThemePreference, target: Window = window) {
  try {
    if (preference === "system") target.localStorage.removeItem(THEME_STORAGE_KEY);
    else target.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Storage disabled (a privacy setting): there is nowhere to keep the choice, and the page keeps following the system.
  }
  target.dispatchEvent(new CustomEvent(THEME_CHANGE_EVENT, { detail: preference }));
}
