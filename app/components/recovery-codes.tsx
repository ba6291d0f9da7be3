import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";

/** Two-factor recovery codes, shown once after they are made; then on to where the person was going. */
export function RecoveryCodes({ codes, continueTo }: { codes: readonly string[]; continueTo?: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="codes-heading">
      <h2 id="codes-heading">{t("Your recovery codes")}</h2>
      <p>
        {t(
          "Each code signs you in once if your phone is not at hand. Keep them somewhere safe: they are shown only now.",
        )}
      </p>
      <ul className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      {continueTo ? (
        <p>
          {/* A full page load: the session cookie just set must reach the root loader. */}
          <Link to={continueTo} reloadDocument>
            {t("I have saved them, continue")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
