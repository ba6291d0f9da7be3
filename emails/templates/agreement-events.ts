/**
 * Mails about an agreement: sent to the supplier to acknowledge; the
 * supplier's answer, a cancellation or a closing to the other side; and the
 * buyers' warnings that a cap is mostly consumed or the end is near.
 */
import { renderMail, type MailContent } from "./layout";

interface AgreementMailInput {
  recipientName: string;
  number: string;
  title: string;
  url: string;
}

export function agreementSentMail(
  input: AgreementMailInput & { buyerName: string; validFrom: string; validTo: string },
): MailContent {
  return renderMail({
    subject: `Agreement to acknowledge: ${input.number}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} sent you agreement ${input.number}, "${input.title}", valid ${input.validFrom} to ${input.validTo}.`,
      "Please review its items, prices and caps, then acknowledge or decline it.",
    ],
    action: { label: "Open the agreement", url: input.url },
  });
}

export function agreementAnsweredMail(
  input: AgreementMailInput & { supplierName: string; answer: "acknowledged" | "declined"; reason?: string },
): MailContent {
  return renderMail({
    subject: `Agreement ${input.answer}: ${input.number}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.supplierName} ${input.answer} agreement ${input.number}, "${input.title}".`,
      ...(input.answer === "acknowledged"
        ? ["It is in force: you can order from it within its dates."]
        : [`Reason: ${input.reason ?? ""}`]),
    ],
    action: { label: "Open the agreement", url: input.url },
  });
}

export function agreementEndedMail(
  input: AgreementMailInput & { buyerName: string; how: "cancelled" | "closed"; reason: string },
): MailContent {
  return renderMail({
    subject: `Agreement ${input.how}: ${input.number}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} ${input.how} agreement ${input.number}, "${input.title}". No further orders will be placed against it.`,
      `Reason: ${input.reason}`,
    ],
    action: { label: "Open the agreement", url: input.url },
  });
}

export function agreementConsumptionMail(input: AgreementMailInput & { percent: number; what: string }): MailContent {
  return renderMail({
    subject: `${input.percent} % consumed: ${input.number}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `Agreement ${input.number}, "${input.title}", has reached ${input.percent} % of ${input.what}.`,
      "Plan a new agreement or a higher cap before call-offs are refused.",
    ],
    action: { label: "Open the agreement", url: input.url },
  });
}

export function agreementExpiringMail(input: AgreementMailInput & { validTo: string; days: number }): MailContent {
  return renderMail({
    subject: `Ends in ${input.days} days: ${input.number}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `Agreement ${input.number}, "${input.title}", ends on ${input.validTo}. After that day it can no longer be ordered from.`,
    ],
    action: { label: "Open the agreement", url: input.url },
  });
}
