// Smoke scenario: the collector serves the app, and the app renders in a
// touch-enabled Chromium at tablet sizes (landscape, portrait, high-DPI)
// without a single console error, page error or failed request.
// Run: node --test tests/browser/   (needs VELDWIJZER_COLLECTOR, VELDWIJZER_WEB_ROOT)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, canvasColourStats, canvasHasContent, openApp, requireEnv, sharedCollectorAndBrowser, tap, waitIdle,
  waitReady, widget,
} from './harness.mjs';

const RUNS = [
  { width: 1024, height: 768, deviceScaleFactor: 1 },
  { width: 768, height: 1024, deviceScaleFactor: 1 },
  { width: 1024, height: 768, deviceScaleFactor: 2 },
];

describe('veldwijzer smoke', () => {
  // One collector and one browser for the whole file: starting them is the
  // slow part, and each run still gets a fresh context (cache, storage).
  // Started lazily inside the tests rather than in a before() hook: a failing
  // hook only marks tests "cancelled", while this makes each one fail with
  // the real cause (e.g. an unset env var) and counts in the summary.
  const shared = sharedCollectorAndBrowser();
  const setup = shared.get;
  after(shared.close);

  test('collector announces its address on stdout', async () => {
    const { collector } = await setup();
    assert.match(collector.logs().stdout,
      new RegExp(`^Veldwijzer collector listening on http://127\\.0\\.0\\.1:${collector.port}$`, 'm'));
  });

  for (const run of RUNS) {
    const name = `${run.width}x${run.height}@${run.deviceScaleFactor}`;
    test(`renders at ${name} with touch`, async (t) => {
      const { collector, browser } = await setup();
      const { context, page, problems } = await openApp(browser, `${collector.url}/`, { ...run, touch: true });
      try {
        const state = await waitReady(page);
        assert.match(String(state.sqliteVersion), /^3\.\d+\.\d+$/, 'window.veldwijzer.sqliteVersion');

        const readyAt = Date.now();
        const hasContent = await canvasHasContent(page);
        t.diagnostic(`canvas content ${hasContent ? 'seen' : 'NOT seen'}; check took ${Date.now() - readyAt} ms after ready`);
        const stats = await canvasColourStats(page);
        // Save before asserting so a failing run leaves a picture to look at.
        await page.screenshot({ path: path.join(artifactsDir(), `smoke-${name}.png`) });
        // Say what the app and page reported too: an empty canvas alone
        // does not tell a lost frame from a crash.
        assert.ok(hasContent,
          `canvas looks empty: ${JSON.stringify(stats)}; at ready window.veldwijzer=${JSON.stringify(state)}, ` +
          `now=${JSON.stringify(await page.evaluate(() => window.veldwijzer))}; problems=${JSON.stringify(problems)}`);
        // The canvas must fill the window, at device resolution.
        assert.equal(stats.width, run.width * run.deviceScaleFactor, 'canvas screenshot width');
        assert.equal(stats.height, run.height * run.deviceScaleFactor, 'canvas screenshot height');

        assert.match(await page.title(), /Veldwijzer/);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
        // The language switch changes the page's language too (screen readers pick their voice by it).
        await waitIdle(page);
        await tap(page, 'button', 'English');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
        await widget(page, 'button', 'Nederlands').waitFor();
        await tap(page, 'button', 'Nederlands');
        await page.waitForFunction(() => document.documentElement.lang === 'nl');
        assert.deepEqual(problems, [], 'page reported problems');
      } finally {
        await context.close();
      }
    });
  }

  test('a tap on "Over Veldwijzer" opens the about window and the page redraws', async () => {
    const { collector, browser } = await setup();
    const run = { width: 768, height: 1024, deviceScaleFactor: 1 };
    const { context, page, problems } = await openApp(browser, `${collector.url}/`, { ...run, touch: true });
    try {
      await waitReady(page);
      assert.ok(await canvasHasContent(page), 'start screen drawn');
      const before = await page.locator('#canvas').screenshot();
      const framesBefore = await page.evaluate(() => window.veldwijzer.frames);
      await tap(page, 'button', 'Over Veldwijzer');
      const after = await page.locator('#canvas').screenshot();
      await page.screenshot({ path: path.join(artifactsDir(), 'about-768x1024@1.png') });
      assert.ok(!before.equals(after), 'the canvas changed after the tap');
      const changed = await page.evaluate(() => window.veldwijzer.frames);
      assert.ok(changed > framesBefore, 'frames were drawn in answer to the tap');
      // The about window is a dialog in the accessibility tree, with its checkboxes.
      await widget(page, 'dialog', 'Over Veldwijzer').waitFor({ state: 'attached' }); // a container: no box of its own
      assert.equal(await widget(page, 'checkbox', 'Hoog contrast').getAttribute('aria-checked'), 'false');
      await tap(page, 'button', 'Sluiten');
      assert.equal(await widget(page, 'dialog', 'Over Veldwijzer').count(), 0, 'the dialog closed');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('an idle page draws no frames', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768, touch: true });
    try {
      await waitReady(page);
      // Settle first: start-up work that ends in a frame (the content check's
      // answers arriving) is not idling.
      await waitIdle(page, 1000);
      const start = await page.evaluate(() => window.veldwijzer.frames);
      await page.waitForTimeout(2000);
      const end = await page.evaluate(() => window.veldwijzer.frames);
      assert.equal(end - start, 0, 'frames drawn in 2 s without input');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('HTTP: healthz, wasm type, gzip, 404', async () => {
    const { collector } = await setup();
    const health = await fetch(`${collector.url}/healthz`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get('content-type') ?? '', /json/);
    assert.equal((await health.json()).status, 'ok');

    const webRoot = requireEnv('VELDWIJZER_WEB_ROOT');
    const wasmOnDisk = fs.readFileSync(path.join(webRoot, 'app.wasm'));

    // identity: the plain file, with the type instantiateStreaming requires
    const plain = await fetch(`${collector.url}/app.wasm`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'application/wasm');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.ok(Buffer.from(await plain.arrayBuffer()).equals(wasmOnDisk), 'identity body equals app.wasm');

    // gzip: the precompressed sibling; fetch decompresses it for us, so the
    // body must still equal the file on disk.
    const gz = await fetch(`${collector.url}/app.wasm`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gz.headers.get('content-type'), 'application/wasm');
    assert.ok(Buffer.from(await gz.arrayBuffer()).equals(wasmOnDisk), 'gunzipped body equals app.wasm');

    const missing = await fetch(`${collector.url}/does-not-exist`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });
});
