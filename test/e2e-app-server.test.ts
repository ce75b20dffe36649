// The end-to-end suite's app server never mistakes another server on its port for itself.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { startApp } from "@/e2e/support/app-server";

describe("the e2e app server", () => {
  it("refuses a port another server listens on (a developer's dev server), naming E2E_PORT, instead of testing that server", async () => {
    const other = net.createServer((socket) => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as net.AddressInfo;
    try {
      await expect(startApp(port, process.env)).rejects.toThrow(
        `Port ${port} is in use (E2E_PORT): stop what listens there (a dev server?), or set E2E_PORT to a free port.`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
