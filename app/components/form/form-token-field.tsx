/**
 * The hidden one-time token of a form that creates something: the loader
 * issues it, the action claims it with the write, and a second send of the
 * same form is answered with the first result instead of booking twice
 * (`app/models/shared/form-token.server.ts`).
 */
export function FormTokenField({ token }: { token: string }) {
  return <input type="hidden" name="formToken" value={token} />;
}
