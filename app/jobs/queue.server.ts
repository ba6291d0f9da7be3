/**
 * Background work: sending the outbox and closing RFQs whose deadline
 * passed. On Postgres it runs on graphile-worker, so several app servers
 * share it and each run happens once; on the embedded database (one
 * process by nature) the same functions run on in-process timers. Why:
 * docs/decisions/002-job-queue.md.
 *
 * The outbox table stays the record of every mail (written in the
 * transaction of the change); a job only says "deliver what is due now".
 * Each process asks for such a job every few seconds under a fixed job key,
 * so however many servers run there is at most one waiting, and a job that
 * failed (the database was away) is simply asked for again.
 */
import pg from "pg";
import { Logger, run, type LogFunctionFactory, type Runner, type Task } from "graphile-worker";

import { deliverPendingMail, startOutboxWorker, type DeliverOptions } from "../../emails/outbox.server";
import { logger } from "../logging.server";

export interface JobsOptions {
  /** Set on Postgres: graphile-worker uses it; unset means the in-process fallback. */
  databaseUrl?: string;
  mail: DeliverOptions;
  /** Scheduled work (closing deadlines, reminders), run together every `periodicIntervalMs`. */
  periodic: ((now: Date) => Promise<unknown>)[];
  mailIntervalMs?: number;
  periodicIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface Jobs {
  kind: "graphile-worker" | "in-process";
  /** Jobs waiting in the queue, for metrics; null where there is no queue (the in-process timers). */
  stats(): Promise<{ pending: number; oldestDueAgeSeconds: number } | null>;
  /** Stops asking for work and waits for the jobs this process is running. */
  stop(): Promise<void>;
}

const MAIL_JOB = "deliver-mail";
const PERIODIC_JOB = "scheduled-work";
/** How long before its tick the scheduled work is last asked for (more than the servers' clocks may differ). */
const TICK_MARGIN_MS = 2_000;

/**
 * Sends due mail until a batch comes back short, so a backlog drains in one
 * job, or until `keepGoing` says the server is stopping: a shutdown waits for
 * the batch in flight only, not for the whole backlog (at a slow mail server
 * a few dozen mails outlast the shutdown deadline); the rest stay pending for
 * the next run.
 */
export async function deliverAllDueMail(
  options: DeliverOptions,
  keepGoing: () => boolean = () => true,
): Promise<number> {
  const batchSize = options.batchSize ?? 20;
  let total = 0;
  for (;;) {
    const r = await deliverPendingMail(options);
    total += r.sent;
    if (r.sent + r.retried + r.failed < batchSize || !keepGoing()) return total;
  }
}

/** Every task runs even when one fails; the first failure is reported. */
async function runPeriodic(tasks: ((now: Date) => Promise<unknown>)[], now: Date): Promise<void> {
  const results = await Promise.allSettled(tasks.map((task) => task(now)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

const graphileLog: LogFunctionFactory = (scope) => (level, message, meta) => {
  const line = {
    component: "graphile-worker",
    workerId: scope.workerId,
    taskIdentifier: scope.taskIdentifier,
    ...meta,
  };
  if (level === "error") logger.error(line, message);
  else if (level === "warning") logger.warn(line, message);
  else if (level === "info") logger.info(line, message);
  else logger.debug(line, message);
};

export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const onError = options.onError ?? ((error: unknown) => logger.error({ err: error }, "background job failed"));
  const mailIntervalMs = options.mailIntervalMs ?? 2_000;
  const periodicIntervalMs = options.periodicIntervalMs ?? 15_000;

  if (!options.databaseUrl) {
    const outbox = startOutboxWorker({ ...options.mail, intervalMs: mailIntervalMs, onError });
    const deadlines = setInterval(() => {
      runPeriodic(options.periodic, new Date()).catch(onError);
    }, periodicIntervalMs);
    deadlines.unref();
    return {
      kind: "in-process",
      stats: async () => null,
      async stop() {
        clearInterval(deadlines);
        await outbox.stop();
      },
    };
  }

  const taskList: Record<string, Task> = {
    [MAIL_JOB]: async () => {
      await deliverAllDueMail(options.mail, () => !stopping);
    },
    [PERIODIC_JOB]: async () => {
      await runPeriodic(options.periodic, new Date());
    },
  };
  const start = () =>
    run({
      connectionString: options.databaseUrl,
      maxPoolSize: 4,
      concurrency: 2,
      pollInterval: 1_000,
      noHandleSignals: true,
      logger: new Logger(graphileLog),
      // Batched completion retries through a short database outage; unbatched,
      // a failed "job done" write is an unhandled rejection that ends the process.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      taskList,
    });

  let stopping = false;
  let runner: Runner | null = await start();
  let restarting: ReturnType<typeof setTimeout> | null = null;
  // graphile-worker stops its pool when the database stays away too long; start it again until it is back.
  const supervise = (current: Runner) => {
    current.promise.then(
      () => restartLater(current, null),
      (error: unknown) => restartLater(current, error),
    );
  };
  const restartLater = (current: Runner, error: unknown) => {
    if (stopping || runner !== current) return;
    runner = null;
    logger.warn({ err: error }, "job runner stopped; starting it again");
    const attempt = () => {
      restarting = null;
      if (stopping) return;
      start().then(
        (next) => {
          if (stopping) {
            void next.stop();
            return;
          }
          runner = next;
          supervise(next);
          logger.info("job runner started again");
        },
        () => {
          restarting = setTimeout(attempt, 2_000);
          restarting.unref();
        },
      );
    };
    restarting = setTimeout(attempt, 1_000);
    restarting.unref();
  };
  supervise(runner);

  const ask = (task: string, key: string, runAt?: Date) => {
    if (stopping || !runner) return;
    // One waiting job per key across every server; the outbox's own retries live in its rows.
    runner
      .addJob(task, {}, { jobKey: key, jobKeyMode: "preserve_run_at", maxAttempts: 1, runAt })
      .catch((error: unknown) => {
        if (!stopping) logger.warn({ err: error }, `could not queue ${task}`);
      });
  };
  /**
   * Scheduled work runs once per tick of the clock, whichever server asks:
   * every server asks for the same next tick under a key naming it, and
   * always at least two seconds before it is due, so no server can ask for
   * a tick whose job has already started or finished (and is gone) and run
   * it a second time. Servers ask three times a tick, so a lost job is
   * asked for again in time for the next one.
   */
  const askForNextTick = () => {
    const due = Math.ceil((Date.now() + TICK_MARGIN_MS) / periodicIntervalMs) * periodicIntervalMs;
    ask(PERIODIC_JOB, `${PERIODIC_JOB}@${new Date(due).toISOString()}`, new Date(due));
  };
  ask(MAIL_JOB, MAIL_JOB);
  // A server that starts catches up at once (reminders due while it was down), as it always has; the ticks follow.
  ask(PERIODIC_JOB, `${PERIODIC_JOB}@start`);
  askForNextTick();
  const mailTimer = setInterval(() => ask(MAIL_JOB, MAIL_JOB), mailIntervalMs);
  const deadlineTimer = setInterval(askForNextTick, Math.max(250, Math.floor(periodicIntervalMs / 3)));
  mailTimer.unref();
  deadlineTimer.unref();

  // graphile-worker's tables are the owner's (the app's own role may not read them): one connection of
  // the owner's login, opened only when metrics are scraped.
  const statsPool = new pg.Pool({ connectionString: options.databaseUrl, max: 1, idleTimeoutMillis: 30_000 });
  statsPool.on("error", () => undefined);
  return {
    kind: "graphile-worker",
    async stats() {
      const { rows } = await statsPool.query<{ pending: string; age: string | null }>(
        `select count(*)::text as pending,
           extract(epoch from now() - min(run_at) filter (where run_at <= now()))::text as age
         from graphile_worker._private_jobs
         where locked_at is null and attempts < max_attempts`,
      );
      return { pending: Number(rows[0]?.pending ?? 0), oldestDueAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)) };
    },
    async stop() {
      stopping = true;
      clearInterval(mailTimer);
      clearInterval(deadlineTimer);
      if (restarting) clearTimeout(restarting);
      // Graceful: graphile-worker lets the jobs it holds finish before it resolves.
      await runner?.stop();
      await statsPool.end();
    },
  };
}
