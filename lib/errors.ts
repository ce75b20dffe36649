/**
 * A refusal whose message is written for the user: what went wrong and what they can do about it
 * (a plan's limit, a limit used up, a payment provider out of reach). Features extend it; the
 * dashboard's actions show the message as it is (lib/user-action.ts), the API maps each kind to
 * its status (lib/api/errors.ts). Anything else thrown is a bug.
 */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}
