import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { replay } from "../replay.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const results = await replay(params.page ?? "");
  if (!results) throw new Response("Not found", { status: 404 });
  // Values as text, as a page shows them.
  return results.map((rows) => rows.map((row) => Object.values(row).map((v) => String(v))));
}

export default function Page() {
  const results = useLoaderData<typeof loader>();
  return (
    <main>
      {results.map((rows, i) => (
        <table key={i}>
          <tbody>
            {rows.map((cells, j) => (
              <tr key={j}>
                {cells.map((cell, k) => (
                  <td key={k}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </main>
  );
}
