// Headless Chromium from Debian (never a Playwright browser download), driven by playwright-core.
import * as fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onCleanup } from './util';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: process.env.HEADED !== '1',
    args: CHROMIUM_ARGS,
    // Our own cleanup closes the browser, in order, on Ctrl-C.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => browser.close().catch(() => undefined));
  return browser;
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    // vscode.env.clipboard in the web workbench is the browser's clipboard, which needs these (and focus).
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return context.newPage();
}
