/**
 * A refusal whose message is written for the user: what went wrong and what they can do about it
 * (a plan's limit, a limit used up, a payment provider out of reach). Features throw it, or one of
 * the kinds below; the dashboard's actions show the message as it is (lib/user-action.ts), the API
 * answers each kind with its status (lib/api/errors.ts), so a new feature needs no mapping of its
 * own. Anything else thrown is a bug.
 */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}

/** The user's plan allows no more of something (posts, API keys…): the API answers 403 `plan_limit_reached`. */
export class PlanLimitError extends UserFacingError {
  override name = "PlanLimitError";
}

/** One input value is not acceptable beyond what its schema can say (a forged cursor): the API answers 400, naming `field`. */
export class InvalidInputError extends UserFacingError {
  override name = "InvalidInputError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The actor's role in the organization does not allow it (lib/organizations/permissions.ts): the API answers 403 `forbidden`. */
export class PermissionError extends UserFacingError {
  override name = "PermissionError";
}
