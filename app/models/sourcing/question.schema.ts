/** Asking and answering questions about an RFQ. */
import { msg } from "../../i18n/config";
import { z } from "zod";

export const askSchema = z.object({
  intent: z.literal("ask"),
  question: z
    .string({ error: msg("Write your question.") })
    .trim()
    .min(5, msg("Write your question (at least 5 characters)."))
    .max(2000, msg("Keep the question under 2000 characters.")),
});

export const answerSchema = z.object({
  intent: z.literal("answer"),
  questionId: z.string().uuid(msg("Unknown question.")),
  answer: z
    .string({ error: msg("Write the answer.") })
    .trim()
    .min(2, msg("Write the answer."))
    .max(5000, msg("Keep the answer under 5000 characters.")),
});

export const questionActionSchema = z.discriminatedUnion("intent", [askSchema, answerSchema]);
