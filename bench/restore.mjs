// Restore benchmark (issue 5): from page load to the drafts listed, with 500
// records in the device database. Prints on stdout (diagnostics on stderr),
// each the median of 5 loads:
//   restore_lock_screen_ms  navigation start → the PIN screen in the mirror
//   restore_unlock_ms       the PIN submitted → all 500 records listed (key
//                           derivation, opening the encrypted file, the list)
//   restore_ms_browser      the two added: the app's own time to the list,
//                           without the person typing the PIN (issue 9)
// A PIN is set on screen first; then the 500 drafts are made once, in the
// page, through Module._veldwijzer_bench_add_drafts(500) (RecordStore's create
// path, as "Nieuwe checklist" uses it) and written back to IndexedDB; every
// load after that is a fresh page in the same browser profile opening #/records.
// Run: node bench/restore.mjs   (needs VELDWIJZER_COLLECTOR, VELDWIJZER_WEB_ROOT)

import {
  TEST_PIN, launchBrowser, openApp, startCollector, unlockRecords, waitIdle, waitReady,
} from '../tests/browser/harness.mjs';

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
  await page.evaluate(() => { location.hash = '#/records'; });
  if ((await unlockRecords(page)) !== 'set') throw new Error('the records did not ask for a new PIN');
  const made = await page.evaluate((n) => Module._veldwijzer_bench_add_drafts(n), RECORDS);
  if (made !== RECORDS) throw new Error(`made ${made} drafts, wanted ${RECORDS}`);
  await page.waitForFunction(() => {
    const s = window.veldwijzer.storage;
    return s && s.saves > 0 && !s.pending && !s.busy;
  }, null, { timeout: 30000 });
  await page.close();

  const lockTimes = [];
  const unlockTimes = [];
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await context.newPage();
    await p.goto(`${collector.url}/#/records`, { waitUntil: 'commit' });
    const lockShown = await p.waitForFunction(
      () => document.querySelector('#a11y input[type=password]') !== null && performance.now(),
      null, { polling: 'raf', timeout: 60000 });
    lockTimes.push(await lockShown.jsonValue());
    await waitReady(p);
    await waitIdle(p, 250);
    // The PIN typed in; the clock starts when it is submitted (Enter).
    const field = p.locator('#a11y').getByLabel('Pincode', { exact: true });
    await field.fill(TEST_PIN);
    await waitIdle(p, 250);
    const submitted = await p.evaluate(() => performance.now());
    await field.press('Enter');
    const listed = await p.waitForFunction(
      (n) => document.querySelectorAll('#a11y [role=link]').length >= n && performance.now(),
      RECORDS, { polling: 'raf', timeout: 60000 });
    unlockTimes.push((await listed.jsonValue()) - submitted);
    times.push(lockTimes[i] + unlockTimes[i]);
    await p.close();
    console.error(`run ${i + 1}: PIN screen ${lockTimes[i].toFixed(0)} ms, unlock to list ${unlockTimes[i].toFixed(0)} ms`);
  }
  if (problems.length) throw new Error(`page reported problems:\n  ${problems.join('\n  ')}`);
  console.log(`restore_lock_screen_ms=${median(lockTimes).toFixed(0)}`);
  console.log(`restore_unlock_ms=${median(unlockTimes).toFixed(0)}`);
  console.log(`restore_ms_browser=${median(times).toFixed(0)}`);
  console.log(`restore_ms_browser_runs=${times.map((t) => t.toFixed(0)).join(',')}`);
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser?.close();
  await collector.stop();
}
