import type { Metadata } from "next";
import { Document } from "@/components/document";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Acme SaaS", template: "%s · Acme SaaS" },
  description: "A Next.js SaaS starter that gets Prisma in production right.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return <Document>{children}</Document>;
}
