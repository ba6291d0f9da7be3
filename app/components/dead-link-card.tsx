import { Link } from "@remix-run/react";

/**
 * What a mailed single-use link shows once it is used or expired: what
 * happened, in words, and the one way on (sign in, ask for a new link).
 */
export function DeadLinkCard({ title, text, to, action }: { title: string; text: string; to: string; action: string }) {
  return (
    <div className="login card">
      <h1>{title}</h1>
      <p role="alert">{text}</p>
      <p>
        <Link className="button" to={to}>
          {action}
        </Link>
      </p>
    </div>
  );
}
