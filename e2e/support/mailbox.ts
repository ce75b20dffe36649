// A local SMTP server that keeps what it receives, plus a small HTTP API to read it: the app sends
// its real sign-in emails (nodemailer over SMTP) and the tests read them, as a user would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Mail = { to: string[]; subject: string; text: string; html: string; receivedAt: string };

export async function startMailbox() {
  const mails: Mail[] = [];
  let refusals = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      if (refusals > 0) {
        refusals--;
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date().toISOString(),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));

  // GET /messages?to=<address> → that address's mails, oldest first.
  const api = http.createServer((request, response) => {
    const to = new URL(request.url ?? "/", "http://localhost").searchParams.get("to")?.toLowerCase();
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(to ? mails.filter((mail) => mail.to.includes(to)) : mails));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));

  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    /** Every mail received so far, oldest first (for tests in this process). */
    mails: () => [...mails],
    /** The next `count` mails are refused with a temporary SMTP error (451), as a failing server would. */
    refuseNext(count = 1) {
      refusals += count;
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}

/** The mails an address received, read through the mailbox's HTTP API. */
export async function readMails(apiUrl: string, to: string): Promise<Mail[]> {
  const response = await fetch(`${apiUrl}/messages?${new URLSearchParams({ to })}`);
  return (await response.json()) as Mail[];
}
