/**
 * What every protected loader and action starts with: the signed-in user,
 * their ability, and the database.
 */
import type { Db } from "../../db/client.server";
import type { Role } from "../../db/schema";
import { getDb } from "../db.server";

import { defineAbilityFor, type AppAbility } from "./ability";
import { requireRole, requireUser, type CurrentUser } from "./session.server";

export interface RequestContext {
  user: CurrentUser;
  ability: AppAbility;
  db: Db;
}

export async function requireContext(request: Request, roles?: readonly Role[]): Promise<RequestContext> {
  const user = roles ? await requireRole(request, roles) : await requireUser(request);
  return { user, ability: defineAbilityFor(user), db: await getDb() };
}
