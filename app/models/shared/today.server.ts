/**
 * The calendar day it is for the person asking, in their own time zone or,
 * when they chose none, their organisation's: what a form's date starts at
 * (a receipt's day, an invoice's date). UTC's day is another one for much of
 * the day in Auckland or Honolulu.
 */
import { recipientZone } from "../../../emails/recipient.server";
import { instantToZonedLocal } from "../../utils/time";
import type { Ctx } from "./context.server";

export async function viewerToday(ctx: Pick<Ctx, "db" | "actor" | "now">): Promise<string> {
  const zone = await recipientZone(ctx.db, { userId: ctx.actor.userId, orgId: ctx.actor.orgId });
  return instantToZonedLocal(ctx.now, zone).slice(0, 10);
}
