// The SMTP relay the app sends its sign-in emails through, which the suite stops (connections
// refused) and starts again on the same port. Counts the mails it accepted.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export class FaultySmtp {
  private server: SMTPServer | undefined;
  private port = 0;
  /** Recipients of every mail accepted so far. */
  readonly delivered: string[] = [];

  static async start() {
    const smtp = new FaultySmtp();
    await smtp.listen();
    return smtp;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen() {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        stream.resume();
        stream.on("end", () => {
          this.delivered.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(this.port, "127.0.0.1", resolve);
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
