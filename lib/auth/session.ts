// Session helpers for server components, route handlers and server actions.
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/db";
import { getAuthOptions } from "./options.ts";
import { PATHNAME_HEADER, signInPath } from "./protected.ts";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/** The signed-in user with their subscription, or null. */
export async function getCurrentUser() {
  await connection(); // per request, never prerendered at build time
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? findUser(id) : null;
}

/** The signed-in user; otherwise a redirect to sign-in that comes back to the current page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  redirect(signInPath((await headers()).get(PATHNAME_HEADER) ?? undefined));
}

function findUser(id: string) {
  return db.user.findUnique({ where: { id }, include: { subscription: true } });
}
