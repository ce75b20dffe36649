import { notFound } from "next/navigation";
import { requireOrganization } from "@/lib/auth/session";

// Any other path under an organization: an old link (/dashboard/posts/abc) goes on to the same page of
// its organization, a slug that is not the user's is a 404 (requireOrganization, as in the layout),
// and a page that does not exist in their organization is a 404 too.
export default async function NoSuchPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrganization((await params).org);
  notFound();
}
