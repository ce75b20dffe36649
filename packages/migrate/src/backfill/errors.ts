/** Bad input, or a database to repair first: nothing was changed (the CLI exits 2 with the message). */
export class BackfillRefusal extends Error {
  override name = "BackfillRefusal";
}
