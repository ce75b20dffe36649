export default function LandingPage() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-24">
      <h1 className="text-4xl font-semibold tracking-tight">Acme SaaS</h1>
      <p className="mt-4 text-lg text-zinc-600">A Next.js SaaS starter that gets Prisma in production right.</p>
    </main>
  );
}
