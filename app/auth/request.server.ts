/**
 * What every protected loader and action starts with: the signed-in user,
 * their ability, the database and the instant of the request, which is the
 * context every model use case takes first. What the person may do is asked
 * of `ability` (through the use case, or `requireAbility` for a page gate),
 * never of their role name.
 */
import { getDb } from "../db.server";
import type { Ctx } from "../models/shared/context.server";

import { defineAbilityFor } from "./ability";
import { requireUser, type CurrentUser } from "./session.server";

export interface RequestContext extends Ctx {
  /** The acting person with what the layout shows of them; the same object as `actor`. */
  user: CurrentUser;
}

export async function requireContext(request: Request): Promise<RequestContext> {
  const user = await requireUser(request);
  return { user, actor: user, ability: defineAbilityFor(user), db: await getDb(), now: new Date() };
}
