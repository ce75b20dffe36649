import { CheckboxField, Field, FormField } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";

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
  return (
    <>
      <Field label="Title" name="title" autoComplete="off" maxLength={limits.title} defaultValue={defaults?.title ?? ""} error={fieldErrors?.title?.[0]} />
      <FormField
        label="Content"
        name="content"
        hint={`Optional. Plain text, up to ${limits.content.toLocaleString("en-US")} characters.`}
        error={fieldErrors?.content?.[0]}
      >
        {(control) => <Textarea {...control} rows={6} maxLength={limits.content} defaultValue={defaults?.content ?? ""} />}
      </FormField>
      <CheckboxField label="Published" name="published" defaultChecked={defaults?.published ?? false} hint="Leave unchecked to keep the post a draft." />
    </>
  );
}
