// The theme script picks the theme a page shows before its first paint: the stored preference, else
// the system's; the toggle's helpers store a preference and have the script apply it.
import { describe, expect, it } from "vitest";
import { readThemePreference, storeThemePreference, THEME_CHANGE_EVENT, THEME_SCRIPT, THEME_STORAGE_KEY, type ThemePreference } from "@/lib/theme";

/** A browser just enough for the script: a storage, a system colour scheme that can change, events. */
function fakeBrowser({ stored, systemDark = false, storage = "works" }: { stored?: string; systemDark?: boolean; storage?: "works" | "disabled" }) {
  const values = new Map<string, string>(stored === undefined ? [] : [[THEME_STORAGE_KEY, stored]]);
  const disabled = () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
  const localStorage = {
    getItem: storage === "works" ? (key: string) => values.get(key) ?? null : disabled,
    setItem: storage === "works" ? (key: string, value: string) => void values.set(key, value) : disabled,
    removeItem: storage === "works" ? (key: string) => void values.delete(key) : disabled,
  };
  const systemListeners: (() => void)[] = [];
  const system = { matches: systemDark, addEventListener: (_: "change", listener: () => void) => systemListeners.push(listener) };
  const window = Object.assign(new EventTarget(), { localStorage, matchMedia: () => system });
  const document = { documentElement: { dataset: {} as Record<string, string> } };
  new Function("window", "document", THEME_SCRIPT)(window, document);
  return {
    window: window as unknown as Window,
    theme: () => document.documentElement.dataset.theme,
    stored: () => values.get(THEME_STORAGE_KEY),
    setSystemDark(dark: boolean) {
      system.matches = dark;
      for (const listener of systemListeners) listener();
    },
    /** Another tab stored a preference. */
    storeElsewhere(value: string) {
      values.set(THEME_STORAGE_KEY, value);
      window.dispatchEvent(new Event("storage"));
    },
  };
}

describe("the theme script", () => {
  it.each([
    ["no preference and a light system", { systemDark: false }, "light"],
    ["no preference and a dark system", { systemDark: true }, "dark"],
    ["a stored light theme on a dark system", { stored: "light", systemDark: true }, "light"],
    ["a stored dark theme on a light system", { stored: "dark", systemDark: false }, "dark"],
    ["a stored value that is no theme", { stored: "sepia", systemDark: true }, "dark"],
    ["storage disabled", { storage: "disabled" as const, systemDark: true }, "dark"],
  ])("shows the right theme for %s", (_, browser, theme) => {
    expect(fakeBrowser(browser).theme()).toBe(theme);
  });

  it("follows the system when it changes, unless a theme was picked", () => {
    const following = fakeBrowser({ systemDark: false });
    following.setSystemDark(true);
    expect(following.theme()).toBe("dark");

    const picked = fakeBrowser({ stored: "light", systemDark: false });
    picked.setSystemDark(true);
    expect(picked.theme()).toBe("light");
  });

  it("applies a theme picked in another tab", () => {
    const browser = fakeBrowser({ systemDark: false });
    browser.storeElsewhere("dark");
    expect(browser.theme()).toBe("dark");
  });
});

describe("storeThemePreference", () => {
  it("stores light or dark, forgets the choice for system, and the page shows it at once", () => {
    const browser = fakeBrowser({ systemDark: true });
    storeThemePreference("light", browser.window);
    expect([browser.stored(), browser.theme()]).toEqual(["light", "light"]);
    storeThemePreference("system", browser.window);
    expect([browser.stored(), browser.theme()]).toEqual([undefined, "dark"]);
  });

  it("tells the page about the choice even when storage is disabled", () => {
    const browser = fakeBrowser({ storage: "disabled" });
    const heard: ThemePreference[] = [];
    browser.window.addEventListener(THEME_CHANGE_EVENT, (event) => heard.push((event as CustomEvent<ThemePreference>).detail));
    expect(() => storeThemePreference("dark", browser.window)).not.toThrow();
    expect(heard).toEqual(["dark"]);
  });
});

describe("readThemePreference", () => {
  it("reads light and dark, and system for anything else or when storage is disabled", () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    expect(readThemePreference(storage("light"))).toBe("light");
    expect(readThemePreference(storage("dark"))).toBe("dark");
    expect(readThemePreference(storage(null))).toBe("system");
    expect(readThemePreference(storage("sepia"))).toBe("system");
    expect(
      readThemePreference({
        getItem: () => {
          throw new Error("disabled");
        },
      }),
    ).toBe("system");
  });
});
