import Link from "next/link";
import type { ComponentProps } from "react";
import { buttonVariants, type ButtonVariants } from "@/components/ui/button-variants";
import { cn } from "@/components/ui/cn";

export function Button({ variant, size, className, ...props }: ComponentProps<"button"> & ButtonVariants) {
  return <button className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}

export function ButtonLink({ variant, size, className, ...props }: ComponentProps<typeof Link> & ButtonVariants) {
  return <Link className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}
