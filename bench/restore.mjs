// Restore benchmark (issue 5): from page load to the drafts listed, with 500
// records in the device database. Prints `restore_ms_browser=` (median of 5
// loads, ms since navigation start) on stdout; diagnostics go to stderr.
// The 500 drafts are made once, in the page, through
// Module._veldwijzer_bench_add_drafts(500) (RecordStore's create path, as
// "Nieuwe checklist" uses it) and written back to IndexedDB; every load after
// that is a fresh page in the same browser profile opening #/records, timed
// until the accessible mirror lists all 500 records.
// Run: node bench/restore.mjs   (needs VELDWIJZER_COLLECTOR, VELDWIJZER_WEB_ROOT)

import { launchBrowser, openApp, startCollector, waitReady } from '../tests/browser/harness.mjs';

const RECORDS = 500;
const RUNS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const collector = await startCollector();
let browser;
try {
  browser = await launchBrowser();
  const { context, page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768 });
  await waitReady(page);
  const made = await page.evaluate((n) => Module._veldwijzer_bench_add_drafts(n), RECORDS);
  if (made !== RECORDS) throw new Error(`made ${made} drafts, wanted ${RECORDS}`);
  await page.waitForFunction(() => {
    const s = window.veldwijzer.storage;
    return s && s.saves > 0 && !s.pending && !s.busy;
  }, null, { timeout: 30000 });
  await page.close();

  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await context.newPage();
    await p.goto(`${collector.url}/#/records`, { waitUntil: 'commit' });
    const listed = await p.waitForFunction(
      (n) => document.querySelectorAll('#a11y [role=link]').length >= n && performance.now(),
      RECORDS, { polling: 'raf', timeout: 60000 });
    times.push(await listed.jsonValue());
    await waitReady(p);
    await p.close();
    console.error(`run ${i + 1}: ${times[i].toFixed(0)} ms`);
  }
  if (problems.length) throw new Error(`page reported problems:\n  ${problems.join('\n  ')}`);
  console.log(`restore_ms_browser=${median(times).toFixed(0)}`);
  console.log(`restore_ms_browser_runs=${times.map((t) => t.toFixed(0)).join(',')}`);
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser?.close();
  await collector.stop();
}
