import type { FieldErrors } from "./form";

/** Input that passed the schema but breaks a rule only the server can check. */
export class FormError extends Error {
  readonly status = 400;
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors)[0] ?? "Please correct the form.");
    this.name = "FormError";
  }
}
