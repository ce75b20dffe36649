// What `npm run new:feature -- <Name> <field:type…>` is asked for, checked before anything is
// written: the names every generated file uses, and the fields with what each type becomes.

export const FIELD_TYPES = ["string", "text", "boolean", "int"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type Field = {
  /** camelCase, as in the model, the API and the form: "dueDate". */
  name: string;
  type: FieldType;
  /** `name:type?`: the column is nullable and the field may be left out. */
  optional: boolean;
  /** "Due date": the form's label and the messages. */
  label: string;
};

export type FeatureSpec = {
  /** The model: "TaskList". */
  model: string;
  /** "taskList": the Prisma accessor and variables. */
  camel: string;
  /** "taskLists". */
  camelPlural: string;
  /** "TaskLists". */
  pascalPlural: string;
  /** "task-list": file names. */
  kebab: string;
  /** "task-lists": folders and URLs (/api/v1/task-lists, /dashboard/<organization>/task-lists, lib/task-lists). */
  kebabPlural: string;
  /** "task list" / "task lists": text a person reads. */
  words: string;
  wordsPlural: string;
  /** "Task lists": the navigation entry and the page's heading. */
  title: string;
  fields: Field[];
  /** The required string field that names a record in lists, messages and links. */
  labelField: Field;
};

export class FeatureSpecError extends Error {
  override name = "FeatureSpecError";
}

// Words TypeScript, JavaScript or the generated code itself cannot use as a name.
const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await async of type as any unknown never object string number boolean symbol bigint undefined"
  ).split(" "),
);
// Models whose name would shadow what the generated code, Prisma or the platform already mean by it.
const RESERVED_MODELS = new Set(
  (
    "Prisma PrismaClient Date Error Response Request Record Promise Object Array String Number Boolean Map Set Symbol Function Json " +
    "JSON Math Decimal Int Float BigInt Bytes DateTime Page Layout Metadata Me Openapi Dashboard Api Plan Principal"
  ).split(" "),
);
// Columns every generated model has already, and names that would reach JavaScript's prototype.
const RESERVED_FIELDS = new Set([
  "id",
  "organizationId",
  "organization",
  "createdById",
  "createdBy",
  "createdAt",
  "updatedAt",
  "constructor",
  "prototype",
  "__proto__",
  "hasOwnProperty",
  "toString",
]);

/** "task_lists" from "taskLists": migration names. */
export const snakeCase = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

const words = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

export function pluralize(word: string) {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/is$/.test(word)) return `${word.slice(0, -2)}es`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/**
 * The singular of a name that reads as a plural ("Projects" → "Project", "Categories" → "Category"),
 * or undefined for one that reads as a singular ("Project", and words ending in ss, us or is:
 * "Address", "Status", "Analysis"). The generator takes the singular and makes the plural itself.
 */
export function singularOf(pascal: string): string | undefined {
  if (!/s$/.test(pascal) || /(ss|us|is)$/.test(pascal)) return undefined;
  if (/[^aeiou]ies$/.test(pascal)) return `${pascal.slice(0, -3)}y`;
  if (/(sses|uses|xes|ches|shes)$/.test(pascal)) return pascal.slice(0, -2);
  return pascal.slice(0, -1);
}

function parseField(argument: string): Field {
  const match = /^([^:]+):([^:?]+)(\?)?$/.exec(argument);
  if (!match) throw new FeatureSpecError(`"${argument}" is not a field: write name:type, or name:type? for an optional one (e.g. description:text?).`);
  const [, name, type, optional] = match as unknown as [string, string, string, string | undefined];
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) {
    throw new FeatureSpecError(`"${name}" is not a valid field name: use camelCase letters and digits, starting with a lowercase letter (e.g. dueDate).`);
  }
  if (RESERVED_WORDS.has(name) || RESERVED_FIELDS.has(name)) {
    throw new FeatureSpecError(
      `"${name}" is a reserved word${RESERVED_FIELDS.has(name) ? " (every generated model has it already)" : ""}: choose another field name.`,
    );
  }
  if (!(FIELD_TYPES as readonly string[]).includes(type)) {
    throw new FeatureSpecError(`"${type}" (field ${name}) is not a known field type: use one of ${FIELD_TYPES.join(", ")}.`);
  }
  if (type === "boolean" && optional) {
    throw new FeatureSpecError(`${name}:boolean? cannot be optional: a boolean field is false until set. Write ${name}:boolean.`);
  }
  const label = words(name);
  return { name, type: type as FieldType, optional: optional === "?", label: label[0]!.toUpperCase() + label.slice(1) };
}

/** The names every file of the feature `model` uses, once the name itself is accepted. */
export type FeatureNames = Omit<FeatureSpec, "fields" | "labelField">;

/**
 * The model name checked (PascalCase, not reserved, singular) and every name derived from it, or a
 * FeatureSpecError saying what to type instead: `Type: npm run new:feature -- <typeAs(singular)>`.
 */
export function featureNames(model: string | undefined, typeAs: (singular: string) => string): FeatureNames {
  if (!model)
    throw new FeatureSpecError("Name the feature's model and its fields: npm run new:feature -- Project name:string description:text? archived:boolean");
  if (!/^[A-Z][A-Za-z0-9]*$/.test(model)) {
    throw new FeatureSpecError(`"${model}" is not a valid model name: use PascalCase letters and digits, starting with a capital (e.g. Project, TaskList).`);
  }
  if (RESERVED_MODELS.has(model) || RESERVED_WORDS.has(model.toLowerCase()))
    throw new FeatureSpecError(`"${model}" is a reserved word: choose another model name.`);
  const singular = singularOf(model);
  if (singular) {
    throw new FeatureSpecError(
      `"${model}" reads as a plural: name the model in the singular (the generator makes the plural for URLs and folders). ` +
        `Type: npm run new:feature -- ${typeAs(singular)}`,
    );
  }
  const camel = model[0]!.toLowerCase() + model.slice(1);
  const kebab = words(model).replace(/ /g, "-");
  const wordsPlural = pluralize(words(model));
  return {
    model,
    camel,
    camelPlural: pluralize(camel),
    pascalPlural: pluralize(model),
    kebab,
    kebabPlural: pluralize(kebab),
    words: words(model),
    wordsPlural,
    title: wordsPlural[0]!.toUpperCase() + wordsPlural.slice(1),
  };
}

/** The feature `args` describe, or a FeatureSpecError naming what is wrong and how to write it. */
export function parseFeature(args: string[]): FeatureSpec {
  const [model, ...fieldArgs] = args;
  const names = featureNames(model, (singular) => [singular, ...fieldArgs].join(" "));
  if (fieldArgs.length === 0) throw new FeatureSpecError(`Give ${names.model} at least one field, e.g. name:string.`);
  const fields = fieldArgs.map(parseField);
  const duplicate = fields.find((field, i) => fields.findIndex((other) => other.name === field.name) !== i);
  if (duplicate) throw new FeatureSpecError(`The field "${duplicate.name}" is given twice.`);
  const labelField = fields.find((field) => field.type === "string" && !field.optional);
  if (!labelField) throw new FeatureSpecError(`Give ${names.model} a required string field to name each one in the dashboard (e.g. name:string).`);
  return { ...names, fields, labelField };
}
