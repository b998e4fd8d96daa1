// UI frame figures in headless Chromium, printed as name=value lines:
//   idle_frames_per_s     frames drawn during 5 s without input (render on demand: target 0)
//   active_frame_ms_p95   CPU time per frame while a finger drags the result list (target <= 4)
//   glide_ms              after the last flick, how long the list kept gliding (frames drawn without input)
//   idle_frames_per_s_after_glide  frames drawn during 2 s once the glide has stopped (target 0)
//   first_frame_ms_cached navigation to first frame when the service worker serves the app
//                         (median of 5 reloads; target <= 1000). first_load.mjs's first_frame_ms is
//                         the first visit, from the network.
// Diagnostics go to stderr. Uses the same env vars as the browser tests.

import { launchBrowser, openApp, startCollector, waitReady } from '../tests/browser/harness.mjs';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
};

const collector = await startCollector();
const browser = await launchBrowser();
try {
  const { context, page } = await openApp(browser, `${collector.url}/`, { width: 768, height: 1024, touch: true });
  await waitReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });

  // Idle: settle, then count frames for 5 s.
  await page.waitForTimeout(1000);
  const idleStart = await page.evaluate(() => window.veldwijzer.frames);
  await page.waitForTimeout(5000);
  const idleFrames = (await page.evaluate(() => window.veldwijzer.frames)) - idleStart;
  console.log(`idle_frames_per_s=${(idleFrames / 5).toFixed(1)}`);

  // Active: open the full result list and drag it up and down with a finger.
  await page.touchscreen.tap(143, 357);
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.veldwijzer.frameMs = []; });
  const cdp = await context.newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 384, y }] });
  for (let round = 0; round < 3; round++) {
    await touch('touchStart', 900);
    for (let y = 890; y >= 400; y -= 10) await touch('touchMove', y);
    await touch('touchEnd', 400);
    await touch('touchStart', 400);
    for (let y = 410; y <= 900; y += 10) await touch('touchMove', y);
    await touch('touchEnd', 900);
  }
  // The last flick glides on after the finger lifts; it ends by itself.
  const releasedAt = Date.now();
  const framesAtRelease = await page.evaluate(() => window.veldwijzer.frames);
  let lastChange = releasedAt, frames = framesAtRelease;
  while (Date.now() - lastChange < 500 && Date.now() - releasedAt < 10000) {
    await page.waitForTimeout(20);
    const now = await page.evaluate(() => window.veldwijzer.frames);
    if (now !== frames) { frames = now; lastChange = Date.now(); }
  }
  console.error(`glide: ${frames - framesAtRelease} frames after the finger lifted`);
  console.log(`glide_ms=${lastChange - releasedAt}`);
  const frameMs = await page.evaluate(() => window.veldwijzer.frameMs || []);
  const afterGlide = await page.evaluate(() => window.veldwijzer.frames);
  await page.waitForTimeout(2000);
  const idleAfterGlide = (await page.evaluate(() => window.veldwijzer.frames)) - afterGlide;
  console.log(`idle_frames_per_s_after_glide=${(idleAfterGlide / 2).toFixed(1)}`);
  console.error(`active: on screen ${await page.evaluate(() => window.veldwijzer.location)}`);
  if (frameMs.length === 0) throw new Error('no frames were drawn while dragging');
  console.error(`active: ${frameMs.length} frames, median ${percentile(frameMs, 0.5).toFixed(2)} ms`);
  console.log(`active_frame_ms_p95=${percentile(frameMs, 0.95).toFixed(2)}`);

  // Cached start: reload with the service worker in control.
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${collector.url}/`);
    await waitReady(page);
    runs.push(await page.evaluate(() => window.veldwijzer.firstFrameMs));
  }
  console.log(`first_frame_ms_cached=${percentile(runs, 0.5).toFixed(1)}`);
  console.log(`first_frame_ms_cached_runs=${runs.map((r) => r.toFixed(1)).join(',')}`);
  await context.close();
} finally {
  await browser.close();
  await collector.stop();
}
