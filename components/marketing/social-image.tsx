import { ImageResponse } from "next/og";
import { THEME_COLORS } from "@/lib/brand";
import { SITE_NAME } from "@/lib/seo";

// The Open Graph and Twitter card images of the marketing pages, drawn at build time by next/og
// with the font it bundles (nothing fetched: the build works offline).
export const SOCIAL_IMAGE = { size: { width: 1200, height: 630 }, contentType: "image/png" } as const;

export function socialImage({ title, subtitle }: { title: string; subtitle: string }) {
  return new ImageResponse(
    <div
      style={{ display: "flex", flexDirection: "column", justifyContent: "space-between", width: "100%", height: "100%", padding: 80, background: "#ffffff" }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 24, fontSize: 40, color: "#18181b" }}>
        <div
          style={{
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            width: 72,
            height: 72,
            borderRadius: 16,
            background: THEME_COLORS.brand.light,
            color: THEME_COLORS["brand-foreground"].light,
          }}
        >
          A
        </div>
        {SITE_NAME}
      </div>
      <div style={{ display: "flex", flexDirection: "column", gap: 24 }}>
        <div style={{ fontSize: 68, lineHeight: 1.1, letterSpacing: -2, color: "#18181b" }}>{title}</div>
        <div style={{ fontSize: 32, color: "#52525b" }}>{subtitle}</div>
      </div>
    </div>,
    SOCIAL_IMAGE.size,
  );
}
