/**
 * The supplier's relationships: buying organisations that asked to work
 * with it (accept or decline), those it declined (it may still accept), and
 * those it works with. A buyer learns the supplier's name only on accepting.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { ReasonForm } from "~/components/form/reason-form";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import {
  acceptRelationshipSchema,
  declineRelationshipSchema,
  relationshipDecisionSchema,
} from "~/models/sourcing/supplier-relationship.schema";
import {
  acceptSupplierRelationship,
  declineSupplierRelationship,
  listSupplierRelationships,
} from "~/models/sourcing/supplier-relationship.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Buying organisations · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "accept", "SupplierRelationship");
  const relationships = await listSupplierRelationships(ctx);
  return {
    requests: relationships.filter((r) => r.can.decline),
    declined: relationships.filter((r) => r.can.accept && !r.can.decline),
    working: relationships.filter((r) => !r.can.accept && !r.can.decline),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read; each decision checks its own relationship again.
  requireAbility(ctx, "accept", "SupplierRelationship");
  const parsed = await readForm(request, relationshipDecisionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    if (input.intent === "accept") {
      await acceptSupplierRelationship(ctx, { id: input.id, version: input.version });
    } else {
      await declineSupplierRelationship(ctx, { id: input.id, version: input.version, reason: input.reason });
    }
    return { ok: input.intent, id: input.id };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

type Relationship = SerializeFrom<typeof loader>["requests"][number];

export default function Relationships() {
  const { requests, declined, working } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: "accept" | "decline"; id: string } | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>Buying organisations</h1>
      <p className="hint">
        A buying organisation that invites your address asks to work with you. Until you accept, it sees only the
        address it typed, never your organisation&apos;s name, and cannot send you purchase orders; its RFQs appear
        among your invitations once you accept.
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {result.ok === "accept"
            ? "Accepted. Its RFQs are now among your invitations."
            : "Declined. It has been told and cannot ask again."}
        </p>
      ) : null}

      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">Asking to work with you</h2>
        {requests.length === 0 ? (
          <p className="card muted">No organisation is waiting for your answer.</p>
        ) : (
          requests.map((r) => <Request key={r.id} relationship={r} reply={reply} busy={busy} declinable />)
        )}
      </section>

      {declined.length > 0 ? (
        <section aria-labelledby="declined-heading">
          <h2 id="declined-heading">Declined</h2>
          {declined.map((r) => (
            <Request key={r.id} relationship={r} reply={reply} busy={busy} declinable={false} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="working-heading">
        <h2 id="working-heading">Working with you</h2>
        {working.length === 0 ? (
          <p className="card muted">None yet.</p>
        ) : (
          <ul className="card">
            {working.map((r) => (
              <li key={r.id}>
                {r.buyerName}
                {r.decidedAt ? <span className="hint"> · accepted {formatInstant(r.decidedAt)}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Request({
  relationship: r,
  reply,
  busy,
  declinable,
}: {
  relationship: Relationship;
  reply: FormReply | undefined;
  busy: boolean;
  declinable: boolean;
}) {
  // Several requests share the page: only the one whose id was answered shows the reply.
  const mine = reply?.initialValue?.id === r.id ? reply : undefined;
  const headingId = `request-${r.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {r.buyerName}
      </h3>
      <p className="hint">
        Asked {formatInstant(r.requestedAt)}
        {r.contactEmail ? ` · invited ${r.contactEmail}` : ""}
        {r.decidedAt && !declinable ? ` · declined ${formatInstant(r.decidedAt)}` : ""}
      </p>
      {r.declineReason ? <p>Your reason: {r.declineReason}</p> : null}
      {r.rfqs.length > 0 ? (
        <>
          <p>Waiting for you once you accept:</p>
          <ul>
            {r.rfqs.map((rfq) => (
              <li key={rfq.id}>
                {rfq.title} <span className="hint">({rfq.reference})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.can.accept ? (
        <AcceptForm
          relationship={r}
          lastResult={mine?.initialValue?.intent === "accept" ? mine : undefined}
          busy={busy}
        />
      ) : null}
      {r.can.decline ? (
        <details>
          <summary>Decline {r.buyerName}</summary>
          <ReasonForm
            schema={declineRelationshipSchema}
            intent="decline"
            id={`decline-${r.id}`}
            reasonId={`decline-reason-${r.id}`}
            hidden={{ id: r.id, version: r.version }}
            label="Reason (optional, the organisation is told)"
            submitLabel={`Decline ${r.buyerName}`}
            danger
            busy={busy}
            lastResult={mine}
          />
        </details>
      ) : null}
      {r.rfqs.length > 0 && !r.can.accept ? (
        <p>
          <Link to="/rfqs">Open your invitations</Link>
        </p>
      ) : null}
    </article>
  );
}

function AcceptForm({
  relationship: r,
  lastResult,
  busy,
}: {
  relationship: Relationship;
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const [form] = useSchemaForm(acceptRelationshipSchema, { id: `accept-${r.id}`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="accept" />
      <input type="hidden" name="id" value={r.id} />
      <input type="hidden" name="version" value={r.version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Accept {r.buyerName}
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
