import { Link } from "@remix-run/react";

import { translated } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

/**
 * What a mailed single-use link shows once it is used or expired: what
 * happened, in words, and the one way on (sign in, ask for a new link).
 */
/** Title, text and action are catalogue keys (`msg`), said here in the viewer's words. */
export function DeadLinkCard({ title, text, to, action }: { title: string; text: string; to: string; action: string }) {
  const { t } = useTranslation();
  return (
    <div className="login card">
      <h1>{translated(t, title)}</h1>
      <p role="alert">{translated(t, text)}</p>
      <p>
        <Link className="button" to={to}>
          {translated(t, action)}
        </Link>
      </p>
    </div>
  );
}
