// The product's name and colours as emails show them. Email clients ignore stylesheets and CSS
// variables, so the colours are literal hex values: the ones the app's own palette uses (Tailwind's
// zinc, with zinc-900 as the primary), kept here in one place.
export const BRAND = {
  name: "Acme SaaS",
  colors: {
    page: "#f4f4f5", // zinc-100
    card: "#ffffff",
    border: "#e4e4e7", // zinc-200
    text: "#18181b", // zinc-900
    muted: "#52525b", // zinc-600
    primary: "#18181b", // zinc-900: the app's primary buttons
    primaryText: "#ffffff",
  },
} as const;
