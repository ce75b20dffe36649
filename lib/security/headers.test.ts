import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nonceSources, pageContentSecurityPolicy } from "@/lib/security/headers";
import { THEME_SCRIPT } from "@/lib/theme";
import { inlineScriptHashes } from "@/scripts/csp-static-pages";

describe("pageContentSecurityPolicy", () => {
  it("allows scripts only from this site and the given sources, and is never framed", () => {
    const policy = pageContentSecurityPolicy({ scriptSources: nonceSources("abc") });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("adds unsafe-eval (React's debugging) and the HMR websocket in development only", () => {
    const policy = pageContentSecurityPolicy({ scriptSources: [], development: true });
    expect(policy).toContain("'unsafe-eval'");
    expect(policy).toContain("connect-src 'self' ws:");
  });
});

describe("nonceSources", () => {
  it("allows the theme script, which the pages render without the nonce, by its hash", () => {
    const sha256 = `'sha256-${createHash("sha256").update(THEME_SCRIPT).digest("base64")}'`;
    expect(nonceSources("abc")).toEqual(["'nonce-abc'", "'strict-dynamic'", sha256]);
  });
});

describe("inlineScriptHashes", () => {
  it("hashes each inline script the browser runs, and nothing else", () => {
    const html = `<script src="/a.js"></script><script>alert(1)</script><script type="application/ld+json">{"a":1}</script><script type="module">b()</script><script>alert(1)</script>`;
    const sha256 = (body: string) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`;
    expect(inlineScriptHashes(html)).toEqual([sha256("alert(1)"), sha256("b()")]);
  });
});
