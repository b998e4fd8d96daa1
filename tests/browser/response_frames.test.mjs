// Render on demand and the network (issue 7): an answer from the collector
// that changes nothing (a content check answered 304 twice) draws at most one
// frame each, and an idle app that goes online draws nothing more once the
// answers are in. Each content request is held back 400 ms by the test, so
// the frames drawn for the "online" event itself are over before the answer
// arrives and the frames of each answer can be counted on their own.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { launchBrowser, openApp, startCollector, waitIdle, waitReady } from './harness.mjs';

const HOLD_MS = 400;

describe('frames after network answers', () => {
  let collector;
  let browser;
  after(async () => {
    await browser?.close();
    await collector?.stop();
  });

  test('a content check answered 304 draws at most one frame per answer', async () => {
    collector = await startCollector();
    browser = await launchBrowser();
    const { page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768 });
    await waitReady(page);
    await waitIdle(page);

    // Frames on screen when each held answer is handed to the page.
    const answers = [];
    const frames = () => page.evaluate(() => window.veldwijzer.frames);
    await page.route('**/api/v1/content/**', async (route) => {
      await page.waitForTimeout(HOLD_MS);
      const response = await route.fetch();
      answers.push({ path: new URL(route.request().url()).pathname, status: response.status(), frames: await frames() });
      await route.fulfill({ response });
    });

    // Back online: the app checks for new content (and draws for the event).
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const deadline = Date.now() + 15000;
    while (answers.length < 2 && Date.now() < deadline) await page.waitForTimeout(50);
    await waitIdle(page);
    const end = await frames();

    assert.deepEqual(answers.map((a) => `${a.path} ${a.status}`),
      ['/api/v1/content/directory 304', '/api/v1/content/checklists 304'],
      'the check after "online" is the two conditional requests, both unchanged');
    const drawn = [answers[1].frames - answers[0].frames, end - answers[1].frames];
    console.error(`frames drawn after each 304: ${drawn.join(', ')}`);
    for (const [i, n] of drawn.entries()) {
      assert.ok(n <= 1, `answer ${i + 1} (304) drew ${n} frames; one is enough to see that nothing changed`);
    }
    assert.deepEqual(problems, []);
  });
});
