// `npm run bench`'s figures that need the packaged extension and a real extension host (code-server):
// - the main bundle (dist/extension.js as packaged, production build) against 150 KB, the .vsix against 1 MB;
// - activation: `await extension.activate()` of our extension against an empty extension (test/fixtures/
//   empty-extension), both measured in each of 10 fresh extension hosts (fresh workbench page loads), medians;
// - the first Void (cold: the features bundle and the local sandbox load and start on first use) against later ones (warm).
// Both extensions are installed from a .vsix into a fresh code-server (`--install-extension`), as users install them.
// The timing happens inside the extension host, in test/bench/activationProbe.ts: the workbench's extensionTestsPath,
// next to test/fixtures/activation-probe, a development extension with no code (code-server's web workbench loads one
// development extension, and a tests module needs one to run beside).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensureCodeServer } from '../harness/codeServer';
import { chromium, type Browser } from '@playwright/test';
import { launchOptions } from '../../playwright.config';
import { openSession, type Session } from '../harness/session';
import { DIST_TEST, REPO_ROOT, RESULTS_DIR, log } from '../harness/util';
import { EXTENSION_ID, KIB, MAIN_BUNDLE_LIMIT_BYTES, MIB, VSIX_LIMIT_BYTES, describePackage, entrySize, installVsix, packageExtension, vsixProblems } from '../packaged/vsix';
// Types only: the probe module imports `vscode`, which exists only in the extension host.
import type { ProbeControl, ProbeResult } from './activationProbe';
import type { Figure } from './bench';

/** The probe reads its instructions from the file this names (activationProbe.ts's PROBE_CONTROL_ENV). */
const PROBE_CONTROL_ENV = 'PRAKERJA_PROBE_CONTROL';

const EMPTY_EXTENSION_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'empty-extension');
const PROBE_EXTENSION_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'activation-probe');
const EMPTY_EXTENSION_ID = 'prakerja-bench.empty-extension';
const SAMPLES = 10;
const BREAKDOWN_SAMPLES = 3;
const WARM_VOIDS = 5;

type Breakdown = NonNullable<ProbeResult['breakdown']>;

function describeBreakdown(b: Breakdown): string {
  return (
    `activation = require() of the main bundle ${ms(b.requireMainMs)}, then activate() ${ms(b.activateAfterRequireMs)}; ` +
    `first request, one step at a time: services ${ms(b.servicesMs)}, local sandbox start ${ms(b.startSandboxMs)}, ` +
    `then the first Void command ${ms(b.firstVoidAfterThoseMs)}`
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const list = (values: number[]) => values.map((v) => v.toFixed(0)).join('/');

/** One page load: writes the probe's instructions, loads the workbench, waits for the probe's result file. */
async function sample(session: Session | undefined, open: () => Promise<Session>, controlFile: string, control: ProbeControl): Promise<{ session: Session; result: ProbeResult }> {
  fs.rmSync(control.out, { force: true });
  fs.writeFileSync(controlFile, JSON.stringify(control));
  if (session) {
    await session.page.goto(session.url);
  } else {
    session = await open();
  }
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(control.out)) {
    if (Date.now() > deadline) throw new Error(`the probe wrote no result for sample ${control.sample} within 90 s; see test-results/bench-activation-code-server.log`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the probe writes into a file; polling it is simplest
  }
  const result = JSON.parse(fs.readFileSync(control.out, 'utf8')) as ProbeResult;
  if (result.error) throw new Error(`sample ${control.sample} (${control.mode}): ${result.error}`);
  return { session, result };
}

export async function benchPackageAndActivation(): Promise<Figure[]> {
  log(`code-server: ${await ensureCodeServer()}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-bench-activation-'));
  let session: Session | undefined;
  let browser: Browser | undefined;
  try {
    // The .vsix as `npm run package` makes it.
    const packaged = await packageExtension(path.join(RESULTS_DIR, 'bench'));
    log(describePackage(packaged));
    const problems = vsixProblems(packaged);
    // npm test fails on these; the figures are still worth printing.
    if (problems.length) log(`warning: the .vsix's contents are not as expected:\n${problems.join('\n')}`);
    const mainBytes = entrySize(packaged, 'extension/dist/extension.js');
    const figures: Figure[] = [
      { name: 'main bundle dist/extension.js (production) vs 150 KB', ratio: mainBytes / MAIN_BUNDLE_LIMIT_BYTES, target: 1, detail: `${(mainBytes / KIB).toFixed(1)} KB (${mainBytes} bytes)` },
      { name: '.vsix vs 1 MB', ratio: packaged.bytes / VSIX_LIMIT_BYTES, target: 1, detail: `${(packaged.bytes / KIB).toFixed(1)} KB (${packaged.bytes} bytes; ${(packaged.bytes / MIB).toFixed(2)} MB)` },
    ];

    // The empty extension packaged the same way (vsce; a second or so).
    const emptyVsix = path.join(scratch, 'empty-extension.vsix');
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    await promisify(execFile)(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', emptyVsix], { cwd: EMPTY_EXTENSION_DIR, timeout: 60_000 });
    const probe = path.join(DIST_TEST, 'bench', 'activationProbe.js');
    if (!fs.existsSync(probe)) throw new Error(`${probe} is missing: run \`node esbuild.js\` first`);
    const controlFile = path.join(scratch, 'control.json');
    const open = async () =>
      openSession((browser ??= await chromium.launch(launchOptions)), {
        name: 'bench-activation',
        extensionDevelopmentPaths: [PROBE_EXTENSION_DIR],
        extensionTestsPath: probe,
        prepare: async (dirs) => void (await installVsix([packaged.vsix, emptyVsix], dirs)),
        env: { [PROBE_CONTROL_ENV]: controlFile },
      });

    const results: ProbeResult[] = [];
    // Breakdown hosts are spread among the measured ones, so both see the same machine load.
    const every = Math.floor(SAMPLES / BREAKDOWN_SAMPLES);
    const modes = Array.from({ length: SAMPLES }, (_, i) => ((i + 1) % every === 0 ? ['activation', 'breakdown'] : ['activation'])).flat();
    let measured = 0;
    for (const [i, mode] of modes.entries()) {
      const breakdown = mode === 'breakdown';
      // Alternate which extension is activated first, so neither always pays for the host's first activation.
      const order = measured % 2 === 0 ? [EXTENSION_ID, EMPTY_EXTENSION_ID] : [EMPTY_EXTENSION_ID, EXTENSION_ID];
      if (!breakdown) measured++;
      const control: ProbeControl = {
        sample: i,
        mode: breakdown ? 'breakdown' : 'activation',
        activate: breakdown ? [EXTENSION_ID] : order,
        product: EXTENSION_ID,
        warmVoids: WARM_VOIDS,
        out: path.join(scratch, `sample-${i}.json`),
      };
      const done = await sample(session, open, controlFile, control);
      session = done.session;
      results.push(done.result);
      const r = done.result;
      log(
        r.mode === 'activation'
          ? `sample ${measured}/${SAMPLES}: activate ours ${ms(r.activationMs[EXTENSION_ID]!)}, empty ${ms(r.activationMs[EMPTY_EXTENSION_ID]!)} (${order[0] === EXTENSION_ID ? 'ours first' : 'empty first'}); Void cold ${ms(r.coldVoidMs!)}, warm ${list(r.warmVoidMs)} ms`
          : `breakdown ${i + 1 - measured}/${BREAKDOWN_SAMPLES}: ${describeBreakdown(r.breakdown!)}; warm Voids ${list(r.warmVoidMs)} ms`,
      );
    }
    fs.writeFileSync(path.join(RESULTS_DIR, 'bench', 'activation-samples.json'), JSON.stringify(results, null, 2));

    const activation = results.filter((r) => r.mode === 'activation');
    const breakdowns = results.filter((r) => r.breakdown).map((r) => r.breakdown!);
    const b = Object.fromEntries(Object.keys(breakdowns[0]!).map((key) => [key, median(breakdowns.map((x) => x[key as keyof Breakdown]))])) as Breakdown;
    log(`where the time goes (medians of ${breakdowns.length} more extension hosts): ${describeBreakdown(b)}`);

    const oursMs = median(activation.map((r) => r.activationMs[EXTENSION_ID]!));
    const emptyMs = median(activation.map((r) => r.activationMs[EMPTY_EXTENSION_ID]!));
    figures.push({
      name: 'activation vs empty extension',
      ratio: oursMs / emptyMs,
      target: 2,
      detail:
        `medians of ${activation.length} fresh extension hosts: ${ms(oursMs)} vs ${ms(emptyMs)} (ours ${list(activation.map((r) => r.activationMs[EXTENSION_ID]!))} ms; ` +
        `empty ${list(activation.map((r) => r.activationMs[EMPTY_EXTENSION_ID]!))} ms). In ${breakdowns.length} other hosts, ours = require() ${ms(b.requireMainMs)}, then activate() ${ms(b.activateAfterRequireMs)}`,
    });

    const cold = median(activation.map((r) => r.coldVoidMs!));
    const warm = median(activation.flatMap((r) => r.warmVoidMs));
    figures.push({
      name: 'first Void (cold) vs warm Void',
      ratio: cold / warm,
      target: 3,
      detail:
        `medians: cold ${ms(cold)} (${list(activation.map((r) => r.coldVoidMs!))} ms) vs warm ${ms(warm)} (${activation.length}×${WARM_VOIDS} Voids). ` +
        `The cold path one step at a time (${breakdowns.length} other hosts, medians): services ${ms(b.servicesMs)}, ` +
        `local sandbox start ${ms(b.startSandboxMs)}, then the first Void command ${ms(b.firstVoidAfterThoseMs)}`,
    });
    return figures;
  } finally {
    await session?.close();
    await browser?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
