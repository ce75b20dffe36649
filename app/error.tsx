"use client";

import { RequestIdNote } from "@/components/request-id-note";
import { buttonVariants } from "@/components/ui/button-variants";

export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" role="alert" className="mx-auto flex min-h-dvh max-w-xl flex-col items-start justify-center px-6">
      <h1 className="text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-4 text-muted-foreground">An unexpected error happened. Try again, or come back in a moment.</p>
      <RequestIdNote className="mt-4 text-sm text-muted-foreground" />
      <div className="mt-8">
        <button type="button" className={buttonVariants()} onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
