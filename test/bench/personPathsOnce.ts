// One-off: what a person waits for in a fresh window, for two builds of the extension side by side.
import { openSession, type Session } from '../harness/session';
import { runCleanups } from '../harness/util';

const QUICK_INPUT = '.quick-input-widget';

/** Resolves with ms from the next Enter keydown until `check` holds in the DOM (observed on every mutation). */
async function armTimer(session: Session, check: string): Promise<void> {
  // A string, so that the bundler adds no helpers to code that runs in the page.
  await session.page.evaluate(`(() => {
    const w = window;
    const cond = ${check};
    w.__t0 = undefined;
    w.__done = new Promise((resolve) => {
      const onKey = (e) => {
        if (e.key !== 'Enter' || w.__t0 !== undefined) return;
        w.__t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (cond()) { observer.disconnect(); resolve(performance.now() - w.__t0); }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        document.removeEventListener('keydown', onKey, true);
      };
      document.addEventListener('keydown', onKey, true);
    });
  })()`);
}
const elapsed = (session: Session) => session.page.evaluate('Promise.race([window.__done, new Promise((r) => setTimeout(() => r(-1), 20000))])') as Promise<number>;

async function palette(session: Session, title: string): Promise<void> {
  const { page } = session;
  for (;;) {
    await page.keyboard.press('F1');
    if (!(await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) {
      // Focus was somewhere keys do not reach the workbench (a webview): click the empty editor area.
      await page.mouse.click(700, 450);
      continue;
    }
    await page.keyboard.type(title);
    const ok = await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`).filter({ hasText: title }).waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (ok) return;
    await page.keyboard.press('Escape');
  }
}

async function sample(session: Session, n: number): Promise<{ input: number; outcome: number; debuggerOpen: number }> {
  const { page } = session;
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.statusbar-item').filter({ hasText: 'Prakerja' }).waitFor({ timeout: 30_000 }).catch(() => undefined);
  await palette(session, 'Prakerja: Void Transaction');
  await armTimer(session, `() => [...document.querySelectorAll('${QUICK_INPUT} .quick-input-title')].some((e) => /Void Transaction on/.test(e.textContent ?? ''))`);
  await page.keyboard.press('Enter');
  const input = await elapsed(session);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`INV-B-${n}`);
  await page.keyboard.press('Enter');
  await page.locator(`${QUICK_INPUT} .quick-input-title`).filter({ hasText: '2/2' }).waitFor().catch(() => undefined);
  await page.keyboard.press('Control+A');
  const code = `TRX-OK-B${Date.now()}`;
  await page.keyboard.type(code);
  await armTimer(session, `() => [...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].some((e) => (e.textContent ?? '').includes('${code}'))`);
  await page.keyboard.press('Enter');
  const outcome = await elapsed(session);
  await page.keyboard.press('Escape');
  await palette(session, 'Prakerja: Open Signature Debugger');
  await armTimer(session, `() => document.querySelectorAll('iframe.webview.ready').length > 0`);
  await page.keyboard.press('Enter');
  const debuggerOpen = await elapsed(session);
  // Nothing restored into the next window: each sample opens the debugger anew.
  await palette(session, 'View: Close All Editors');
  await page.keyboard.press('Enter');
  await page.locator('iframe.webview').waitFor({ state: 'detached' }).catch(() => undefined);
  return { input, outcome, debuggerOpen };
}

async function main() {
  const [a, b] = process.argv.slice(2) as [string, string];
  const rounds = Number(process.env.ROUNDS ?? 7);
  const sessions = [await openSession({ name: 'bench-a', extensionDevelopmentPaths: [a] }), await openSession({ name: 'bench-b', extensionDevelopmentPaths: [b] })];
  const results: Array<Array<{ input: number; outcome: number; debuggerOpen: number }>> = [[], []];
  // One warm-up window each: writes any code cache the build keeps in global storage.
  for (const s of sessions) await sample(s, 0);
  for (let r = 1; r <= rounds; r++) {
    for (const i of r % 2 ? [0, 1] : [1, 0]) {
      const x = await sample(sessions[i]!, r);
      console.log(i, JSON.stringify(x));
      results[i]!.push(x);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  for (const [i, name] of [a, b].entries()) {
    const rs = results[i]!;
    console.log(`${name}: palette→input ${median(rs.map((r) => r.input)).toFixed(1)} ms, Enter→outcome ${median(rs.map((r) => r.outcome)).toFixed(1)} ms, palette→debugger ${median(rs.map((r) => r.debuggerOpen)).toFixed(1)} ms`);
    console.log(`   raw: ${JSON.stringify(rs.map((r) => [r.input, r.outcome, r.debuggerOpen].map((x) => Math.round(x))))}`);
  }
  for (const s of sessions) await s.close();
  await runCleanups();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
