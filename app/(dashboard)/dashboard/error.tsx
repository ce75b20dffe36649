"use client";

import { RequestIdNote } from "@/components/request-id-note";
import { Button } from "@/components/ui/button";

export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-destructive/30 bg-destructive-muted p-6">
      <h1 className="text-lg font-semibold text-destructive">Something went wrong</h1>
      <p className="mt-2 text-sm text-destructive">We could not load this page. Try again in a moment.</p>
      <RequestIdNote className="mt-2 text-sm text-destructive" />
      <Button type="button" variant="secondary" className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
