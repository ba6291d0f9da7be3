/**
 * Mails about an agreement: sent to the supplier to acknowledge; the
 * supplier's answer, a cancellation or a closing to the other side; and the
 * buyers' warnings that a cap is mostly consumed or the end is near.
 */
import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

interface AgreementMailInput {
  recipientName: string;
  number: string;
  title: string;
  url: string;
}

/** Valid-from and valid-to are calendar days ("2026-12-01"), shown as they are. */
export function agreementSentMail(
  input: AgreementMailInput & { buyerName: string; validFrom: string; validTo: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("Agreement to acknowledge: {{number}}", { number: input.number }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t('{{buyer}} sent you agreement {{number}}, "{{title}}", valid {{from}} to {{to}}.', {
          buyer: input.buyerName,
          number: input.number,
          title: input.title,
          from: format.date(input.validFrom),
          to: format.date(input.validTo),
        }),
        t("Please review its items, prices and caps, then acknowledge or decline it."),
      ],
      action: { label: t("Open the agreement"), url: input.url },
    },
    reader,
  );
}

export function agreementAnsweredMail(
  input: AgreementMailInput & { supplierName: string; answer: "acknowledged" | "declined"; reason?: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { supplier: input.supplierName, number: input.number, title: input.title };
  const acknowledged = input.answer === "acknowledged";
  return renderMail(
    {
      subject: acknowledged
        ? t("Agreement acknowledged: {{number}}", values)
        : t("Agreement declined: {{number}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: acknowledged
        ? [
            t('{{supplier}} acknowledged agreement {{number}}, "{{title}}".', values),
            t("It is in force: you can order from it within its dates."),
          ]
        : [
            t('{{supplier}} declined agreement {{number}}, "{{title}}".', values),
            t("Reason: {{reason}}", { reason: input.reason ?? "" }),
          ],
      action: { label: t("Open the agreement"), url: input.url },
    },
    reader,
  );
}

export function agreementEndedMail(
  input: AgreementMailInput & { buyerName: string; how: "cancelled" | "closed"; reason: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { buyer: input.buyerName, number: input.number, title: input.title };
  const cancelled = input.how === "cancelled";
  return renderMail(
    {
      subject: cancelled ? t("Agreement cancelled: {{number}}", values) : t("Agreement closed: {{number}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        cancelled
          ? t(
              '{{buyer}} cancelled agreement {{number}}, "{{title}}". No further orders will be placed against it.',
              values,
            )
          : t(
              '{{buyer}} closed agreement {{number}}, "{{title}}". No further orders will be placed against it.',
              values,
            ),
        t("Reason: {{reason}}", { reason: input.reason }),
      ],
      action: { label: t("Open the agreement"), url: input.url },
    },
    reader,
  );
}

/** How far a cap is consumed: of its value or of a line's quantity. */
export type ConsumedCap = { kind: "value" } | { kind: "line"; item: string };

export function agreementConsumptionMail(
  input: AgreementMailInput & { percent: number; cap: ConsumedCap },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { number: input.number, title: input.title, percent: format.percent(input.percent / 100) };
  return renderMail(
    {
      subject: t("{{percent}} consumed: {{number}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        input.cap.kind === "value"
          ? t('Agreement {{number}}, "{{title}}", has reached {{percent}} of its value cap.', values)
          : t('Agreement {{number}}, "{{title}}", has reached {{percent}} of the quantity cap of {{item}}.', {
              ...values,
              item: input.cap.item,
            }),
        t("Plan a new agreement or a higher cap before call-offs are refused."),
      ],
      action: { label: t("Open the agreement"), url: input.url },
    },
    reader,
  );
}

export function agreementExpiringMail(
  input: AgreementMailInput & { validTo: string; days: number },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("Ends in {{count}} days: {{number}}", { count: input.days, number: input.number }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t('Agreement {{number}}, "{{title}}", ends on {{date}}. After that day it can no longer be ordered from.', {
          number: input.number,
          title: input.title,
          date: format.date(input.validTo),
        }),
      ],
      action: { label: t("Open the agreement"), url: input.url },
    },
    reader,
  );
}
