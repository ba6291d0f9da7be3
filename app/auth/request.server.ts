/**
 * What every protected loader and action starts with: the signed-in user,
 * their ability, the database and the instant of the request, which is the
 * context every model use case takes first. What the person may do is asked
 * of `ability` (through the use case, or `requireAbility` for a page gate),
 * never of their role name.
 */
import { getDb } from "../db.server";
import type { AppLoadContext } from "@remix-run/node";

import type { Ctx, RequestOrigin } from "../models/shared/context.server";

import { defineAbilityFor, type AppAbility } from "./ability";
import { requireUser, type CurrentUser } from "./session.server";

export interface RequestContext extends Ctx {
  /** The acting person with what the layout shows of them; the same object as `actor`. */
  user: CurrentUser;
}

/** A user agent longer than this is cut: it is stored with every refused read, and anyone can send a huge one. */
const USER_AGENT_MAX = 300;

export async function requireContext(request: Request): Promise<RequestContext> {
  const user = await requireUser(request);
  return { user, actor: user, ability: abilityOf(user), db: await getDb(), now: new Date() };
}

const abilities = new WeakMap<CurrentUser, AppAbility>();

/**
 * The signed-in person's ability, built once per request: the root loader
 * and the page's loader get the same user object (read once per request) and
 * share its ability, which is never changed once built.
 */
export function abilityOf(user: CurrentUser): AppAbility {
  let ability = abilities.get(user);
  if (!ability) {
    ability = defineAbilityFor(user);
    abilities.set(user, ability);
  }
  return ability;
}

/**
 * The same context, with where the request came from: for the reads whose
 * refusals are logged with their origin (sealed quotes). Takes the loader's
 * arguments; without the Express server there is no peer address.
 */
export async function requireContextWithOrigin({
  request,
  context,
}: {
  request: Request;
  context?: AppLoadContext;
}): Promise<RequestContext> {
  return { ...(await requireContext(request)), origin: requestOrigin(request, context) };
}

/** Peer address and user agent; the user agent cut to a length and stripped of control characters. */
export function requestOrigin(request: Request, context?: AppLoadContext): RequestOrigin {
  return {
    address: context?.clientAddress ?? "unknown",
    userAgent: [...(request.headers.get("user-agent") ?? "")]
      .filter((c) => c >= " " && c !== "\u007f")
      .join("")
      .slice(0, USER_AGENT_MAX),
  };
}
