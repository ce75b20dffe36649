// Everything the bench starts (servers, databases, children, temporary files) registers how to undo
// it here, so that one `finally` — or Ctrl-C — tears it all down in reverse order, even when a
// measurement throws halfway.

type Task = { name: string; run: () => Promise<void> | void };

export class Cleanup {
  private tasks: Task[] = [];
  private running: Promise<void> | undefined;

  /** Registers an undo step; the returned function runs it now (once) and unregisters it. */
  add(name: string, run: () => Promise<void> | void): () => Promise<void> {
    const task: Task = { name, run };
    this.tasks.push(task);
    return async () => {
      const index = this.tasks.indexOf(task);
      if (index === -1) return;
      this.tasks.splice(index, 1);
      await task.run();
    };
  }

  /** Runs every remaining step, newest first; a failing step is reported and the others still run. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length > 0) {
        const task = this.tasks.pop()!;
        try {
          await task.run();
        } catch (error) {
          console.error(`cleanup: ${task.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}
