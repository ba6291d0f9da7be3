/**
 * What the server does once before taking requests, and the work it keeps
 * doing in the background: migrate, seed the demo, close RFQs whose deadline
 * passed (also while the server was down), and send mail from the outbox.
 */
import { seedDemo } from "../db/seed.server";
import { startOutboxWorker } from "../emails/outbox.server";
import { createMailTransport } from "../emails/transport.server";

import { getDbHandle } from "./db.server";
import { renderPurchaseOrderPdf } from "./documents/purchase-order-pdf.server";
import { getEnv } from "./env.server";
import { getPurchaseOrderDocument } from "./models/purchase-order-document.server";
import { closeDueRfqs } from "./models/rfq.server";

export interface Running {
  database: string;
  mail: string;
  stop(): Promise<void>;
}

export async function bootstrap(options: { log?: (line: string) => void } = {}): Promise<Running> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = getEnv();
  const handle = await getDbHandle();
  const db = handle.db;
  if (env.SEED_DEMO !== "0") await seedDemo(db, { log });
  const closed = await closeDueRfqs(db, new Date());
  if (closed.length > 0) log(`Closed ${closed.length} RFQ(s) whose deadline passed.`);

  const transport = createMailTransport({ smtpUrl: env.SMTP_URL, mailDir: env.mailDir });
  const mailOptions = {
    db,
    transport,
    from: env.MAIL_FROM,
    renderAttachment: async (attachment: { kind: "purchase_order_pdf"; poId: string }) => {
      const document = await getPurchaseOrderDocument(db, attachment.poId);
      return {
        filename: `${document.number}.pdf`,
        content: await renderPurchaseOrderPdf(document),
        contentType: "application/pdf",
      };
    },
  };
  const onError = (error: unknown) =>
    console.error("background job failed:", error instanceof Error ? error.message : error);
  const outbox = startOutboxWorker({ ...mailOptions, intervalMs: 2000, onError });
  const deadlines = setInterval(() => {
    closeDueRfqs(db, new Date()).catch(onError);
  }, 15_000);
  deadlines.unref();

  return {
    database: `${handle.kind} (${handle.location})`,
    mail: transport.kind === "smtp" ? "SMTP" : `folder ${env.mailDir}`,
    async stop() {
      clearInterval(deadlines);
      await outbox.stop();
      transport.close();
      await handle.close();
    },
  };
}
