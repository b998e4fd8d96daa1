// Directory scenario: on a touch tablet, open the sociale kaart, type a query
// with a typo, open the first result, and open the acute route — with a
// screenshot of each step. Positions are where the 1024×768 layout puts the
// controls (checked against the screenshots); the accessibility mirror of a
// later issue will let these address widgets by name instead.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, canvasHasContent, openApp, sharedCollectorAndBrowser, waitIdle, waitReady,
} from './harness.mjs';

const location = (page) => page.evaluate(() => window.veldwijzer.location);

describe('directory on a touch tablet', () => {
  const shared = sharedCollectorAndBrowser();
  const setup = shared.get;
  after(shared.close);

  test('search with a typo finds Veilig Thuis, its detail opens, and the acute route shows', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: true });
    const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `directory-${name}.png`) });
    try {
      await waitReady(page);
      assert.ok(await canvasHasContent(page));

      await page.touchscreen.tap(143, 317); // "Zoeken in de sociale kaart"
      await waitIdle(page);
      assert.equal(await location(page), 'search');

      await page.keyboard.type('huislijk geweld');
      await waitIdle(page);
      await shot('search');

      await page.touchscreen.tap(200, 355); // the first result row
      await waitIdle(page);
      await shot('service');
      assert.equal(await location(page), 'service/svc-veilig-thuis-twente');

      await page.touchscreen.tap(58, 40); // "‹ Terug"
      await waitIdle(page);
      assert.equal(await location(page), 'search');
      await page.touchscreen.tap(58, 40); // back home
      await waitIdle(page);
      assert.equal(await location(page), 'home');

      await page.touchscreen.tap(606, 317); // "Routes bekijken"
      await waitIdle(page);
      assert.equal(await location(page), 'routes');
      await shot('routes');
      await page.touchscreen.tap(512, 179); // the first route: acute ones come first
      await waitIdle(page);
      assert.equal(await location(page), 'route/route-acuut-gevaar');
      await shot('route-acute');

      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('in portrait the search screen wraps its filters and lists results as you type', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 768, height: 1024, touch: true });
    try {
      await waitReady(page);
      await page.touchscreen.tap(143, 357); // "Zoeken in de sociale kaart" in portrait
      await waitIdle(page);
      assert.equal(await location(page), 'search');
      await page.keyboard.type('eenzaam');
      await waitIdle(page);
      await page.screenshot({ path: path.join(artifactsDir(), 'directory-search-portrait.png') });
      assert.ok(await canvasHasContent(page));

      // A finger drags the list up: it scrolls, and the row it started on does not open.
      await page.touchscreen.tap(60, 40); // back home and into the search again (the query is kept)
      await waitIdle(page);
      await page.touchscreen.tap(143, 357);
      await waitIdle(page);
      const before = await page.locator('#canvas').screenshot();
      const cdp = await context.newCDPSession(page);
      const touch = (type, y) => cdp.send('Input.dispatchTouchEvent',
        { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 384, y }] });
      await touch('touchStart', 900);
      for (let y = 880; y >= 400; y -= 40) await touch('touchMove', y);
      await touch('touchEnd', 400);
      await waitIdle(page);
      await page.screenshot({ path: path.join(artifactsDir(), 'directory-scrolled-portrait.png') });
      assert.equal(await location(page), 'search', 'dragging opened a service');
      assert.ok(!before.equals(await page.locator('#canvas').screenshot()), 'the list did not move');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('a deep link opens its screen and the browser back button returns', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/#/route/route-acuut-gevaar`,
      { width: 1024, height: 768, touch: true });
    try {
      await waitReady(page);
      await waitIdle(page);
      assert.equal(await location(page), 'route/route-acuut-gevaar');
      await page.touchscreen.tap(150, 371); // "› Veilig Thuis Twente (0800-2000)" in step 2
      await waitIdle(page);
      assert.equal(await location(page), 'service/svc-veilig-thuis-twente');
      assert.match(page.url(), /#\/service\/svc-veilig-thuis-twente$/);
      await page.goBack();
      await waitIdle(page);
      assert.equal(await location(page), 'route/route-acuut-gevaar');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
