/**
 * The English catalogue, one file per area, merged into the one namespace
 * every page and mail reads. A new area file is listed here; a key may sit in
 * two files only with the same text (the catalogue test checks).
 */
import agreements from "./en/agreements.json";
import auth from "./en/auth.json";
import common from "./en/common.json";
import documents from "./en/documents.json";
import fulfilment from "./en/fulfilment.json";
import mail from "./en/mail.json";
import ordering from "./en/ordering.json";
import people from "./en/people.json";
import requisitions from "./en/requisitions.json";
import settings from "./en/settings.json";
import sourcing from "./en/sourcing.json";
import suppliers from "./en/suppliers.json";

export const EN_AREAS: Record<string, Record<string, string>> = {
  agreements,
  auth,
  common,
  documents,
  fulfilment,
  mail,
  ordering,
  people,
  requisitions,
  settings,
  sourcing,
  suppliers,
};

export const en: Record<string, string> = Object.assign({}, ...Object.values(EN_AREAS));
