import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, type Browser, type Page } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";

export const DEMO_PASSWORD = "quotient-demo";
/** Where tests/e2e/start-server.mjs files the mail its SMTP server receives. */
export const MAIL_DIR = path.resolve(`test-results/e2e-${process.env.E2E_PORT ?? 3210}/mail`);

/** A fresh browser context signed in as the given demo user. */
export async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  return page;
}

/** Mails the test SMTP server received for this address, parsed. */
export async function mailsTo(address: string): Promise<ParsedMail[]> {
  const files = readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(`-${address}.eml`))
    .sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(MAIL_DIR, f)))));
}

export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "quotient-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** "YYYY-MM-DDTHH:mm" in UTC, for a datetime-local input with the UTC zone chosen. */
export function utcLocal(date: Date): string {
  return date.toISOString().slice(0, 16);
}
