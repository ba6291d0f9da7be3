/**
 * The top of a form: messages that concern the whole form (a stale version,
 * a refused sign-in), and after a refused submit a line saying how many
 * fields below need attention, so someone who lands at the top (a page
 * rendered by the server without JavaScript) knows to look down.
 */
import { translated } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

export function ErrorSummary({
  form,
}: {
  form: { errors?: string[]; allErrors: Record<string, string[]>; status?: "success" | "error" };
}) {
  const { t } = useTranslation();
  const fieldCount = Object.entries(form.allErrors).filter(([name, errors]) => name !== "" && errors.length > 0).length;
  const messages = form.errors ?? [];
  if (messages.length === 0 && (form.status !== "error" || fieldCount === 0)) return null;
  return (
    <div className="banner bad" role="alert">
      {messages.map((m) => (
        <p key={m} style={{ margin: 0 }}>
          {translated(t, m)}
        </p>
      ))}
      {form.status === "error" && fieldCount > 0 ? (
        <p style={{ margin: 0 }}>{t("Correct the {{count}} fields marked below.", { count: fieldCount })}</p>
      ) : null}
    </div>
  );
}
