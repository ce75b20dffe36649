import { Field } from "@/components/ui/field";

export type PostFieldValues = { title: string; content: string; published: boolean };

/** What a refused form submitted (an action's `values`), to put back in the fields. */
export function submittedPost(values: Record<string, string> | undefined): PostFieldValues | undefined {
  return values && { title: values.title ?? "", content: values.content ?? "", published: values.published !== undefined };
}

type Props = {
  defaults?: PostFieldValues;
  fieldErrors?: Partial<Record<keyof PostFieldValues, string[]>>;
  /** The schema's limits (lib/posts/schemas.ts), passed in so zod stays out of the browser bundle. */
  limits: { title: number; content: number };
};

/** The fields of a post, shared by the create and edit forms. Uncontrolled: a form reset restores `defaults`. */
export function PostFields({ defaults, fieldErrors, limits }: Props) {
  const contentError = fieldErrors?.content?.[0];
  const contentDescribedBy = ["content-hint", contentError && "content-error"].filter(Boolean).join(" ");
  return (
    <>
      <Field label="Title" name="title" autoComplete="off" maxLength={limits.title} defaultValue={defaults?.title ?? ""} error={fieldErrors?.title?.[0]} />
      <div className="space-y-1">
        <label htmlFor="content" className="block text-sm font-medium text-foreground">
          Content
        </label>
        <textarea
          id="content"
          name="content"
          rows={6}
          maxLength={limits.content}
          defaultValue={defaults?.content ?? ""}
          aria-invalid={contentError ? true : undefined}
          aria-describedby={contentDescribedBy}
          className="block w-full rounded-md border border-input px-3 py-2 text-sm shadow-sm focus:border-ring focus:outline-2 focus:outline-ring aria-invalid:border-destructive"
        />
        <p id="content-hint" className="text-xs text-muted-foreground">
          Optional. Plain text, up to {limits.content.toLocaleString("en-US")} characters.
        </p>
        {contentError && (
          <p id="content-error" className="text-sm text-destructive">
            {contentError}
          </p>
        )}
      </div>
      <div className="flex items-start gap-3">
        <input
          id="published"
          name="published"
          type="checkbox"
          defaultChecked={defaults?.published ?? false}
          aria-describedby="published-hint"
          className="mt-0.5 size-4 shrink-0 accent-primary"
        />
        <div>
          <label htmlFor="published" className="text-sm font-medium text-foreground">
            Published
          </label>
          <p id="published-hint" className="text-xs text-muted-foreground">
            Leave unchecked to keep the post a draft.
          </p>
        </div>
      </div>
    </>
  );
}
