/**
 * Suppliers on the organisation's list that a form does not offer, each with
 * why (not approved yet, suspended with its reason, blocked), so a buyer who
 * looks for one learns what stands in the way instead of a missing name.
 */
export interface UnavailableSupplier {
  id: string;
  name: string;
  reason: string;
}

export function UnavailableSuppliers({ suppliers, verb }: { suppliers: UnavailableSupplier[]; verb: string }) {
  if (suppliers.length === 0) return null;
  return (
    <div className="hint" id="unavailable-suppliers">
      <p style={{ marginBottom: 0 }}>Cannot be {verb} now:</p>
      <ul>
        {suppliers.map((s) => (
          <li key={s.id}>
            {s.name}: {s.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
