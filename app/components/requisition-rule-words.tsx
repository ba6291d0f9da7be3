/**
 * The organisation's requisition approval rule in one sentence, with its
 * thresholds in the viewer's money format: on a requisition's page and on
 * the approvals settings. One sentence per approver role, so a translator
 * can say "by finance" and "by a buyer" the way their language needs.
 */
import { useI18n } from "~/i18n/react";

export interface RequisitionRuleFacts {
  currency: string;
  thresholdOne: string;
  thresholdTwo: string;
  approverRole: "buyer" | "finance" | "admin";
}

export function RequisitionRuleWords({ rule }: { rule: RequisitionRuleFacts | null }) {
  const { t, format } = useI18n();
  if (!rule) return <>{t("No requisition rule is set: every requisition asks one approval by finance.")}</>;
  const values = {
    one: format.money(rule.thresholdOne, rule.currency),
    two: format.money(rule.thresholdTwo, rule.currency),
  };
  switch (rule.approverRole) {
    case "buyer":
      return (
        <>
          {t(
            "Below {{one}} a requisition is approved at once; from {{one}} it needs one approval by a buyer, from {{two}} two by different people. Nobody approves their own.",
            values,
          )}
        </>
      );
    case "admin":
      return (
        <>
          {t(
            "Below {{one}} a requisition is approved at once; from {{one}} it needs one approval by an admin, from {{two}} two by different people. Nobody approves their own.",
            values,
          )}
        </>
      );
    case "finance":
      return (
        <>
          {t(
            "Below {{one}} a requisition is approved at once; from {{one}} it needs one approval by finance, from {{two}} two by different people. Nobody approves their own.",
            values,
          )}
        </>
      );
  }
}
