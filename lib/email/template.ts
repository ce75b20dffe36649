// Every email is one template: a subject and a list of blocks. The same blocks render as HTML (inline
// styles and tables, which email clients understand) and as plain text, so the two parts can never
// say different things.
import { BRAND } from "./brand.ts";

export type EmailBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "button"; label: string; url: string }
  /** Small print under the content: why the email was sent, what to do if it was not expected. */
  | { kind: "note"; text: string };

export type EmailTemplate = {
  subject: string;
  /** The line inbox lists show after the subject. */
  preview: string;
  blocks: EmailBlock[];
};

export type RenderedEmail = { subject: string; html: string; text: string };

export function renderEmail(template: EmailTemplate): RenderedEmail {
  return { subject: template.subject, html: renderHtml(template), text: renderText(template) };
}

function renderText({ blocks }: EmailTemplate): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case "heading":
        return `${block.text}\n${"=".repeat(block.text.length)}`;
      case "paragraph":
      case "note":
        return block.text;
      case "button":
        return `${block.label}:\n${block.url}`;
    }
  });
  return `${[...parts, `— ${BRAND.name}`].join("\n\n")}\n`;
}

function renderHtml({ subject, preview, blocks }: EmailTemplate): string {
  const { colors } = BRAND;
  const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
  const body = blocks
    .map((block) => {
      switch (block.kind) {
        case "heading":
          return `<h1 style="${font}margin:0 0 16px;font-size:22px;line-height:1.3;color:${colors.text};">${escape(block.text)}</h1>`;
        case "paragraph":
          return `<p style="${font}margin:0 0 16px;font-size:15px;line-height:1.6;color:${colors.text};">${escape(block.text)}</p>`;
        case "note":
          return `<p style="${font}margin:24px 0 0;font-size:13px;line-height:1.5;color:${colors.muted};">${escape(block.text)}</p>`;
        case "button":
          return (
            `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px;"><tr>` +
            `<td style="border-radius:6px;background:${colors.primary};">` +
            `<a href="${escape(block.url)}" style="${font}display:inline-block;padding:12px 20px;font-size:15px;font-weight:600;color:${colors.primaryText};text-decoration:none;border-radius:6px;">${escape(block.label)}</a>` +
            `</td></tr></table>` +
            `<p style="${font}margin:0 0 16px;font-size:13px;line-height:1.5;color:${colors.muted};">Or paste this link into your browser: <a href="${escape(block.url)}" style="color:${colors.muted};word-break:break-all;">${escape(block.url)}</a></p>`
          );
      }
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(subject)}</title></head>
<body style="margin:0;padding:0;background:${colors.page};">
<div style="display:none;max-height:0;overflow:hidden;">${escape(preview)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${colors.page};padding:32px 16px;"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;">
<tr><td style="${font}padding:0 0 16px;font-size:17px;font-weight:600;color:${colors.text};">${escape(BRAND.name)}</td></tr>
<tr><td style="background:${colors.card};border:1px solid ${colors.border};border-radius:8px;padding:32px;">
${body}
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escape(value: string) {
  return value.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}
