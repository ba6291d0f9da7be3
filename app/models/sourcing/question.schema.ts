/** Asking and answering questions about an RFQ. */
import { z } from "zod";

export const askSchema = z.object({
  intent: z.literal("ask"),
  question: z
    .string({ error: "Write your question." })
    .trim()
    .min(5, "Write your question (at least 5 characters).")
    .max(2000, "Keep the question under 2000 characters."),
});

export const answerSchema = z.object({
  intent: z.literal("answer"),
  questionId: z.string().uuid("Unknown question."),
  answer: z
    .string({ error: "Write the answer." })
    .trim()
    .min(2, "Write the answer.")
    .max(5000, "Keep the answer under 5000 characters."),
});

export const questionActionSchema = z.discriminatedUnion("intent", [askSchema, answerSchema]);
