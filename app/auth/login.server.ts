import type { Db } from "../../db/client.server";
import { verifyAgainstNothing, verifyPassword } from "./password.server";

/** The user id when email and password match an active account; never says which was wrong. */
export async function verifyLogin(db: Db, email: string, password: string): Promise<{ id: string } | null> {
  const user = await db
    .selectFrom("users")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .where("disabled_at", "is", null)
    .select(["id", "password_hash"])
    .executeTakeFirst();
  if (!user) return verifyAgainstNothing(password).then(() => null);
  return (await verifyPassword(user.password_hash, password)) ? { id: user.id } : null;
}
