import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { recentMagicLinksWithStatus, type MagicLinkStatus } from "@/lib/auth/magic-links";

export const metadata: Metadata = { title: "Magic links (development)", robots: { index: false } };
export const dynamic = "force-dynamic";

const SPENT: Record<Exclude<MagicLinkStatus, "usable">, string> = {
  used: "Used: a link signs in once. Ask for a new one on the sign-in page.",
  expired: "Expired. Ask for a new one on the sign-in page.",
};

// Development only: the sign-in links that were logged instead of emailed. A 404 everywhere else.
export default async function MagicLinksPage() {
  if (process.env.NODE_ENV !== "development") notFound();
  const links = await recentMagicLinksWithStatus();
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Magic links</h1>
      <p className="mt-2 text-sm text-muted-foreground">Development only: sign-in links that would have been emailed, newest first.</p>
      {links.length === 0 ? (
        <p className="mt-6 text-sm text-muted-foreground">No sign-in link yet. Ask for one on the sign-in page.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {links.map((link) => (
            <li key={link.url} data-testid="magic-link" data-status={link.status} className="text-sm">
              <p className="font-medium">{link.email}</p>
              {link.status === "usable" ? (
                <a href={link.url} className="break-all text-brand underline">
                  Sign in as {link.email}
                </a>
              ) : (
                <p className="text-muted-foreground">{SPENT[link.status]}</p>
              )}
              <p className="text-xs text-muted-foreground">Sent {link.sentAt.toLocaleTimeString()}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
