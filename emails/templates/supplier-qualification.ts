import { messageMail } from "./layout";

/**
 * Mails about a supplier's qualification with one buying organisation: a
 * document to decide on (to the buyers), a decision on it, a document about
 * to expire, a suspension after one expired (to the supplier). Each names
 * only the two organisations concerned. The sentences come from the use
 * case, marked with `msg` or `msgWith`, and are told in the reader's words.
 */
export const supplierQualificationMail = messageMail;
