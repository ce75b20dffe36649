import type { Metadata } from "next";
import { connection } from "next/server";
import { Document } from "@/components/document";
import NotFound from "./not-found";
import "./globals.css";

// The 404 page of URLs that match no route. It can answer any path, and proxy.ts gives every such
// path a per-request nonce policy — so it is rendered per request (its scripts carry the nonce),
// never prerendered (a prerendered copy has no nonce, and the policy would block its scripts).
// notFound() inside a page renders app/not-found.tsx within that page's own request.
export const metadata: Metadata = { title: "Page not found · Acme SaaS" };

export default async function GlobalNotFound() {
  await connection();
  return (
    <Document>
      <NotFound />
    </Document>
  );
}
