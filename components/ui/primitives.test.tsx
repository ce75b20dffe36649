// The form primitives: one look for every control, labelled and described for screen readers, and a
// caller's className wins over the primitive's own.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { CheckboxField, Field, FormField } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { EmptyState, ItemList, ItemRow } from "@/components/ui/item-list";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

const classesOf = (html: string, tag: string) => new RegExp(`<${tag}[^>]*class="([^"]*)"`).exec(html)![1]!.split(" ");
/** The attributes of the first `tag` element, by name. */
const attributesOf = (html: string, tag: string) =>
  Object.fromEntries([...new RegExp(`<${tag}\\b([^>]*)>`).exec(html)![1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));

describe("Input, Textarea and Select", () => {
  it("share the control look: the input border, the page background, the focus ring", () => {
    for (const [html, tag] of [
      [renderToStaticMarkup(<Input name="a" />), "input"],
      [renderToStaticMarkup(<Textarea name="a" />), "textarea"],
      [renderToStaticMarkup(<Select name="a" />), "select"],
    ] as const) {
      expect(classesOf(html, tag), tag).toEqual(
        expect.arrayContaining(["border-input", "bg-background", "focus:outline-ring", "aria-invalid:border-destructive"]),
      );
    }
  });

  it("let a className replace their own padding", () => {
    const classes = classesOf(renderToStaticMarkup(<Textarea className="px-1" />), "textarea");
    expect(classes).toContain("px-1");
    expect(classes).not.toContain("px-3");
  });
});

describe("FormField and Field", () => {
  it("label the control, and point it at its hint and its error", () => {
    const html = renderToStaticMarkup(<Field label="Name" name="name" hint="What uses this key." error="Give the key a name." />);
    expect(html).toMatch(/<label[^>]*for="name"[^>]*>Name<\/label>/);
    expect(attributesOf(html, "input")).toMatchObject({ id: "name", name: "name", "aria-invalid": "true", "aria-describedby": "name-hint name-error" });
    expect(html).toContain('<p id="name-hint" class="text-xs text-muted-foreground">What uses this key.</p>');
    expect(html).toContain('<p id="name-error" class="text-sm text-destructive">Give the key a name.</p>');
  });

  it("wire any control the same way, and leave it valid without an error", () => {
    const html = renderToStaticMarkup(
      <FormField label="Expires" name="expires">
        {(control) => (
          <Select {...control}>
            <option>Never</option>
          </Select>
        )}
      </FormField>,
    );
    const select = attributesOf(html, "select");
    expect(select).toMatchObject({ id: "expires", name: "expires" });
    expect(select).not.toHaveProperty("aria-invalid");
    expect(select).not.toHaveProperty("aria-describedby");
  });
});

describe("Checkbox and CheckboxField", () => {
  it("a Checkbox is always a checkbox, with the focus ring every control has", () => {
    // A caller cannot make it something else, not even past the type checker.
    const html = renderToStaticMarkup(<Checkbox name="done" {...({ type: "text" } as object)} />);
    expect(attributesOf(html, "input")).toMatchObject({ type: "checkbox", name: "done" });
    expect(classesOf(html, "input")).toEqual(expect.arrayContaining(["accent-primary", "focus-visible:outline-ring"]));
  });

  it("a CheckboxField labels its box beside it and points it at its hint", () => {
    const html = renderToStaticMarkup(<CheckboxField label="Published" name="published" hint="Leave unchecked to keep the post a draft." defaultChecked />);
    expect(html).toMatch(/<label[^>]*for="published"[^>]*>Published<\/label>/);
    expect(attributesOf(html, "input")).toMatchObject({
      type: "checkbox",
      id: "published",
      name: "published",
      checked: "",
      "aria-describedby": "published-hint",
    });
    expect(html).toContain('<p id="published-hint" class="text-xs text-muted-foreground">Leave unchecked to keep the post a draft.</p>');
  });

  it("a CheckboxField without a hint describes nothing", () => {
    const html = renderToStaticMarkup(<CheckboxField label="Archived" name="archived" />);
    expect(attributesOf(html, "input")).not.toHaveProperty("aria-describedby");
    expect(html).not.toContain("<p");
  });
});

describe("Label, Badge and Card", () => {
  it("a Label takes an inline override", () => {
    expect(classesOf(renderToStaticMarkup(<Label className="inline">Published</Label>), "label")).not.toContain("block");
  });

  it("a Badge has a tone, neutral by default", () => {
    expect(classesOf(renderToStaticMarkup(<Badge>Draft</Badge>), "span")).toEqual(expect.arrayContaining(["bg-muted", "text-muted-foreground"]));
    expect(classesOf(renderToStaticMarkup(<Badge tone="success">Active</Badge>), "span")).toEqual(expect.arrayContaining(["bg-success-muted", "text-success"]));
  });

  it("a Card's border can be replaced (the danger zone's), leaving one border colour", () => {
    const classes = classesOf(renderToStaticMarkup(<Card title="Delete account" className="border-destructive/30" />), "section");
    expect(classes).toContain("border-destructive/30");
    expect(classes).not.toContain("border-border");
  });
});

describe("ItemList, ItemRow and EmptyState", () => {
  it("an ItemList is a list named by its label, each row's heading, details and actions in that order", () => {
    const html = renderToStaticMarkup(
      <ItemList aria-label="API keys">
        <ItemRow data-testid="api-key-row" heading={<span>Deploy key</span>} actions={<button type="button">Revoke</button>}>
          <p>Created today</p>
        </ItemRow>
      </ItemList>,
    );
    expect(attributesOf(html, "ul")).toMatchObject({ "aria-label": "API keys" });
    expect(attributesOf(html, "li")).toMatchObject({ "data-testid": "api-key-row" });
    expect(
      html
        .replace(/<[^>]+>/g, "|")
        .split("|")
        .filter(Boolean),
    ).toEqual(["Deploy key", "Created today", "Revoke"]);
  });

  it("an ItemRow without actions renders no empty box for them", () => {
    const html = renderToStaticMarkup(<ItemRow heading="Firefox on Linux" actions={false} />);
    expect(html).not.toContain("shrink-0");
  });

  it("an EmptyState's look can be adjusted, leaving one padding", () => {
    const classes = classesOf(renderToStaticMarkup(<EmptyState className="p-4">No API keys yet.</EmptyState>), "p");
    expect(classes).toEqual(expect.arrayContaining(["border-dashed", "p-4"]));
    expect(classes).not.toContain("p-6");
  });
});
