// Accessible-mirror benchmark (issue 8): what keeping the DOM mirror costs
// per frame, and axe's serious violations over every screen. Prints only
// `name=value` lines on stdout; diagnostics go to stderr.
//   a11y_mirror_items          elements in the mirror on the measured screen
//   a11y_mirror_us_p50/_p95    CPU time per drawn frame of diff + DOM update
//                              (window.veldwijzer.a11yUs) while the list scrolls,
//                              so every element moves: the worst steady case
//   a11y_frame_ms_p50_on/_off  whole frame CPU time while scrolling, mirror on
//                              and off: the difference adds the snapshot hooks
//   axe_violations_serious     serious + critical axe findings, all screens
// The screen: "Mijn registraties" with 300 drafts (made in bulk through
// Module._veldwijzer_bench_add_drafts, as the app's create path makes them,
// after a PIN is set on screen: the records are encrypted, issue 9).
// Run: node bench/a11y_mirror.mjs   (needs VELDWIJZER_COLLECTOR, VELDWIJZER_WEB_ROOT)

import {
  fixClock, launchBrowser, openApp, startCollector, tap, unlockRecords, waitIdle, waitReady,
} from '../tests/browser/harness.mjs';
import { SCREENS, seriousViolations } from '../tests/browser/screens.mjs';

const DRAFTS = 300;
const SCROLLS = 60;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// Scrolls the list down and up; returns the samples each frame added.
async function scrollSamples(page) {
  await page.evaluate(() => { window.veldwijzer.a11yUs = []; window.veldwijzer.frameMs = []; });
  await page.mouse.move(512, 500);
  for (let i = 0; i < SCROLLS; i++) {
    await page.mouse.wheel(0, i < SCROLLS / 2 ? 120 : -120);
    await page.waitForTimeout(40);
  }
  await waitIdle(page);
  return page.evaluate(() => ({ mirror: window.veldwijzer.a11yUs.slice(), frames: window.veldwijzer.frameMs.slice() }));
}

const collector = await startCollector();
let browser;
try {
  browser = await launchBrowser();
  const { context, page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768 });
  await waitReady(page);
  await page.evaluate(() => { location.hash = '#/records'; });
  if ((await unlockRecords(page)) !== 'set') throw new Error('the records did not ask for a new PIN');
  const made = await page.evaluate((n) => Module._veldwijzer_bench_add_drafts(n), DRAFTS);
  if (made !== DRAFTS) throw new Error(`made ${made} drafts, wanted ${DRAFTS}`);
  // The open list does not know of drafts made behind its back: lock and
  // unlock, which reads the records again.
  await tap(page, 'button', 'Vergrendelen');
  if ((await unlockRecords(page)) !== 'locked') throw new Error('"Vergrendelen" did not lock the records');
  await page.waitForFunction((n) => document.querySelectorAll('#a11y [role=link]').length >= n, DRAFTS);
  await waitIdle(page);
  const items = await page.evaluate(() => document.querySelectorAll('#a11y *').length);

  const on = await scrollSamples(page);
  await page.evaluate(() => Module._veldwijzer_a11y_enable(0));
  await waitIdle(page);
  const off = await scrollSamples(page);
  await page.evaluate(() => Module._veldwijzer_a11y_enable(1));
  await waitIdle(page);
  if (problems.length) throw new Error(`page reported problems:\n  ${problems.join('\n  ')}`);
  console.error(`${on.mirror.length} mirrored frames, ${on.frames.length} frames on, ${off.frames.length} off`);
  console.log(`a11y_mirror_items=${items}`);
  console.log(`a11y_mirror_us_p50=${quantile(on.mirror, 0.5).toFixed(0)}`);
  console.log(`a11y_mirror_us_p95=${quantile(on.mirror, 0.95).toFixed(0)}`);
  console.log(`a11y_frame_ms_p50_on=${quantile(on.frames, 0.5).toFixed(2)}`);
  console.log(`a11y_frame_ms_p50_off=${quantile(off.frames, 0.5).toFixed(2)}`);
  await context.close();

  // axe over every screen, walked as in tests/browser/a11y.test.mjs.
  const walk = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768, beforeLoad: fixClock });
  await waitReady(walk.page);
  await waitIdle(walk.page);
  let serious = 0;
  for (const screen of SCREENS) {
    await screen.visit(walk.page, { collector });
    await waitIdle(walk.page);
    const found = await seriousViolations(walk.page);
    for (const line of found) console.error(`${screen.name}: ${line}`);
    serious += found.length;
  }
  await walk.context.close();
  console.log(`axe_violations_serious=${serious}`);
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser?.close();
  await collector.stop();
}
