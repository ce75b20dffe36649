import type { Metadata } from "next";
import { ThemeToggle } from "@/components/theme-toggle";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { PROFILE_NAME_MAX } from "@/lib/users/profile";
import { DeleteAccountForm } from "./delete-account-form";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <Card title="Profile" description={`Signed in as ${user.email}.`}>
        <ProfileForm name={user.name ?? ""} nameMaxLength={PROFILE_NAME_MAX} />
      </Card>
      <Card title="Appearance" description="Follow your system's light or dark mode, or pick one for this browser.">
        <ThemeToggle />
      </Card>
      <Card title="Delete account" description="Permanently delete your account and everything in it." className="border-destructive/30">
        <DeleteAccountForm />
      </Card>
    </div>
  );
}
