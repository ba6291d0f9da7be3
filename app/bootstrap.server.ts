/**
 * What the server does once before taking requests, and the work it keeps
 * doing in the background: migrate, seed the demo, close RFQs whose deadline
 * passed (also while the server was down), run the daily reorder job (caught
 * up once after downtime), and send mail from the outbox.
 */
import { seedDemo } from "../db/seed.server";
import { createMailTransport } from "../emails/transport.server";

import { getDbHandle } from "./db.server";
import { getEnv } from "./env.server";
import { startJobs } from "./jobs/queue.server";
import { scheduledWork } from "./jobs/scheduled-work.server";
import { logger } from "./logging.server";
import { setMetricsSources } from "./metrics.server";
import { renderMailAttachment } from "./models/ordering/document.server";
import { closeDueRfqs } from "./models/sourcing/rfq-schedule.server";
import { expireDueAgreements } from "./models/agreements/agreement-schedule.server";
import { handleExpiredDocuments } from "./models/sourcing/supplier-document-schedule.server";

export interface Running {
  database: string;
  mail: string;
  jobs: string;
  stop(): Promise<void>;
}

export async function bootstrap(options: { log?: (line: string) => void } = {}): Promise<Running> {
  const log = options.log ?? ((line: string) => logger.info(line));
  const env = getEnv();
  const handle = await getDbHandle();
  const db = handle.db;
  if (env.SEED_DEMO !== "0") await seedDemo(db, { log });
  const closed = await closeDueRfqs(db, new Date());
  if (closed.length > 0) log(`Closed ${closed.length} RFQ(s) whose deadline passed.`);
  const expired = await expireDueAgreements(db, new Date());
  if (expired.length > 0) log(`Expired ${expired.length} agreement(s) past their last day.`);
  const suspended = await handleExpiredDocuments(db, new Date());
  if (suspended.length > 0) log(`Suspended ${suspended.length} supplier(s) whose required document expired.`);

  const transport = createMailTransport({ smtpUrl: env.SMTP_URL, mailDir: env.mailDir });
  const mailOptions = {
    db,
    transport,
    from: env.MAIL_FROM,
    // The PO's PDF in the recipient's words and zone, rendered when the mail is sent.
    renderAttachment: renderMailAttachment(db),
  };
  const onError = (error: unknown) => logger.error({ err: error }, "background job failed");
  // Scheduled work, run every SCHEDULED_WORK_SECONDS (15 s) by one server per tick.
  const periodic = scheduledWork(db);
  const jobs = await startJobs({
    databaseUrl: handle.kind === "postgres" ? env.DATABASE_URL : undefined,
    mail: mailOptions,
    periodic,
    periodicIntervalMs: env.SCHEDULED_WORK_SECONDS * 1000,
    onError,
  });

  setMetricsSources({ db: async () => db, pool: () => handle.poolStats?.() ?? null, jobs: () => jobs.stats() });

  return {
    database: `${handle.kind} (${handle.location})`,
    mail: transport.kind === "smtp" ? "SMTP" : `folder ${env.mailDir}`,
    jobs: jobs.kind,
    async stop() {
      await jobs.stop();
      transport.close();
      await handle.close();
    },
  };
}
