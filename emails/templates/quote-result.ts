import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export type QuoteOutcome = "awarded" | "partially_awarded" | "not_awarded";

/**
 * The result sent to each bidder: its own outcome and the lines it won, and
 * nothing about anyone else: no competitor's name or price, and no count of
 * bidders.
 */
export function quoteResultMail(
  input: {
    recipientName: string;
    buyerName: string;
    title: string;
    reference: string;
    outcome: QuoteOutcome;
    /** The RFQ lines awarded to this bidder, in RFQ order; the quantity a decimal string. */
    awardedLines: { position: number; item: string; quantity: string; unit: string }[];
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { buyer: input.buyerName, title: input.title, reference: input.reference };
  // One paragraph per line, so the HTML part lists them as the text part does.
  const lineList = input.awardedLines.map((l) =>
    t("Line {{position}}: {{item}}, {{quantity}} {{unit}}", {
      position: l.position,
      item: l.item,
      quantity: format.quantity(l.quantity),
      unit: l.unit,
    }),
  );
  const poFollows = t("A purchase order will follow once it is approved.");
  const content: Record<QuoteOutcome, () => { subject: string; paragraphs: string[] }> = {
    awarded: () => ({
      subject: t("Your quote was awarded: {{title}} ({{reference}})", values),
      paragraphs: [
        t("{{buyer}} has awarded “{{title}}” to you, every line you quoted:", values),
        ...lineList,
        poFollows,
      ],
    }),
    partially_awarded: () => ({
      subject: t("Your quote was partially awarded: {{title}} ({{reference}})", values),
      paragraphs: [
        t("{{buyer}} has awarded part of “{{title}}” to you. These lines of your quote were awarded:", values),
        ...lineList,
        t("The other lines of your quote were not awarded. A purchase order will follow once it is approved."),
      ],
    }),
    not_awarded: () => ({
      subject: t("Result of {{title}} ({{reference}})", values),
      paragraphs: [t("{{buyer}} has awarded “{{title}}” to another supplier. Thank you for your quote.", values)],
    }),
  };
  const { subject, paragraphs } = content[input.outcome]();
  return renderMail(
    {
      subject,
      greeting: greeting(reader, input.recipientName),
      paragraphs,
      action: { label: t("View the request for quotation"), url: input.url },
    },
    reader,
  );
}
