// The error pages show the id of the request that failed, read from the Server-Timing the proxy
// adds to every response (lib/request-id.ts), as the browser's Performance API keeps it.
import { afterEach, describe, expect, it, vi } from "vitest";
import RootError from "@/app/error";
import DashboardError from "@/app/(dashboard)/dashboard/error";
import { pageRequestId, RequestIdNote } from "@/components/request-id-note";
import { requestIdFromTimings } from "@/lib/request-id";

const timing = (url: string, requestId?: string) => ({
  name: url,
  serverTiming: requestId ? [{ name: "request-id", description: requestId }] : [],
});

afterEach(() => vi.unstubAllGlobals());

describe("requestIdFromTimings", () => {
  it("finds the id of the document when it failed to render", () => {
    expect(requestIdFromTimings([timing("https://app.example.com/dashboard/posts", "req-document-1")], "https://app.example.com/dashboard/posts")).toBe(
      "req-document-1",
    );
  });

  it("prefers the latest request for the page: the navigation payload or server action that failed after the document loaded", () => {
    const timings = [
      timing("https://app.example.com/dashboard", "req-document-1"),
      timing("https://app.example.com/dashboard/posts?_rsc=abc", "req-navigation-2"),
      timing("https://app.example.com/dashboard/settings?_rsc=def", "req-prefetch-3"),
      timing("https://app.example.com/icon.svg"),
    ];
    expect(requestIdFromTimings(timings, "https://app.example.com/dashboard/posts")).toBe("req-navigation-2");
    expect(requestIdFromTimings(timings, "https://app.example.com/dashboard")).toBe("req-document-1");
  });

  it("ignores other origins, other pages and ids of a shape the proxy never sends", () => {
    const timings = [timing("https://cdn.example.net/dashboard", "req-elsewhere-1"), timing("https://app.example.com/dashboard", "<b>forged</b>")];
    expect(requestIdFromTimings(timings, "https://app.example.com/dashboard")).toBeUndefined();
    expect(requestIdFromTimings([timing("https://app.example.com/pricing", "req-pricing-1")], "https://app.example.com/dashboard")).toBeUndefined();
  });
});

describe("pageRequestId", () => {
  it("reads the browser's navigation and resource timings for the current page", () => {
    const entries = {
      navigation: [timing("https://app.example.com/dashboard", "req-document-1")],
      resource: [timing("https://app.example.com/dashboard?_rsc=1", "req-action-2")],
    };
    vi.stubGlobal("performance", { getEntriesByType: (type: keyof typeof entries) => entries[type] ?? [] });
    vi.stubGlobal("window", { location: { href: "https://app.example.com/dashboard" } });
    expect(pageRequestId()).toBe("req-action-2");
  });
});

describe("the error pages", () => {
  const error = Object.assign(new Error("An error occurred in the Server Components render."), { digest: "123" });

  it.each([
    ["the root error page", RootError],
    ["the dashboard's error page", DashboardError],
  ])("%s shows the request id", (_, ErrorPage) => {
    const page = ErrorPage({ error, reset: () => {} });
    expect(JSON.stringify(page, (key, value: unknown) => (key === "type" && value === RequestIdNote ? "RequestIdNote" : value))).toContain(
      '"type":"RequestIdNote"',
    );
  });
});
