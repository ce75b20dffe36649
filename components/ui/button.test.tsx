// Buttons take their look from one variant table, and a caller's className always wins over it.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const classOf = (html: string) => /class="([^"]*)"/.exec(html)![1]!.split(" ");

describe("cn", () => {
  it("keeps the last of two conflicting Tailwind classes", () => {
    expect(cn("px-2", "px-4")).toBe("px-4");
    expect(cn("bg-primary text-sm", "bg-destructive")).toBe("text-sm bg-destructive");
  });

  it("keeps classes that do not conflict, and drops the falsy ones", () => {
    expect(cn("text-sm", false && "hidden", undefined, ["text-muted-foreground", { underline: true, italic: false }])).toBe(
      "text-sm text-muted-foreground underline",
    );
  });
});

describe("Button", () => {
  it("is a primary button by default", () => {
    expect(classOf(renderToStaticMarkup(<Button>Save</Button>))).toEqual(expect.arrayContaining(["bg-primary", "text-primary-foreground", "px-4"]));
  });

  it("lets a className override its variant's padding and colours, leaving one of each", () => {
    const classes = classOf(
      renderToStaticMarkup(
        <Button variant="danger" className="px-8 bg-primary">
          Delete
        </Button>,
      ),
    );
    expect(classes).toContain("px-8");
    expect(classes).not.toContain("px-4");
    expect(classes).toContain("bg-primary");
    expect(classes).not.toContain("bg-destructive");
    expect(classes).toContain("text-destructive-foreground");
  });

  it("gives a link the same look", () => {
    const html = renderToStaticMarkup(
      <ButtonLink href="/pricing" variant="secondary" className="mt-6">
        Pricing
      </ButtonLink>,
    );
    expect(html).toContain('href="/pricing"');
    expect(classOf(html)).toEqual(expect.arrayContaining(["border-input", "bg-background", "mt-6"]));
  });
});
