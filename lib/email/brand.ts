// The product's name (the site's, lib/seo.ts) and colours as emails show them. Email clients ignore stylesheets and CSS
// variables, so the colours are literal hex values: the app's light theme, from the one place that
// holds them (lib/brand.ts, which app/globals.css declares as tokens).
import { THEME_COLORS } from "../brand.ts";
import { SITE_NAME } from "../seo.ts";

export const BRAND = {
  name: SITE_NAME,
  colors: {
    page: THEME_COLORS.muted.light,
    card: THEME_COLORS.card.light,
    border: THEME_COLORS.border.light,
    text: THEME_COLORS.foreground.light,
    muted: THEME_COLORS["muted-foreground"].light,
    primary: THEME_COLORS.primary.light,
    primaryText: THEME_COLORS["primary-foreground"].light,
  },
} as const;
