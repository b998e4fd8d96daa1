// Directory scenario: on a touch tablet, open the sociale kaart, type a query
// with a typo, open the first result, and open the acute route — with a
// screenshot of each step. Widgets are found by role and name in the
// accessible mirror; the finger lands where the mirror says they are.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, canvasHasContent, fixClock, openApp, sharedCollectorAndBrowser, tap, waitIdle, waitReady, widget,
} from './harness.mjs';

const location = (page) => page.evaluate(() => window.veldwijzer.location);

describe('directory on a touch tablet', () => {
  const shared = sharedCollectorAndBrowser();
  const setup = shared.get;
  after(shared.close);

  test('search with a typo finds Veilig Thuis, its detail opens, and the acute route shows', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: true, beforeLoad: fixClock });
    const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `directory-${name}.png`) });
    try {
      await waitReady(page);
      assert.ok(await canvasHasContent(page));

      await tap(page, 'button', 'Zoeken in de sociale kaart');
      assert.equal(await location(page), 'search');

      // The search box has the keyboard focus (the mirror's <input> too), so typing searches.
      await page.keyboard.type('huislijk geweld');
      await waitIdle(page);
      assert.equal(await widget(page, 'textbox', /^Zoek/, { exact: false }).inputValue(), 'huislijk geweld');
      assert.match(await page.locator('#a11y [role=status]').first().textContent(), /^1 resultaat/);
      await shot('search');

      await tap(page, 'link', /^Veilig Thuis Twente/, { exact: false }); // the first result row
      await shot('service');
      assert.equal(await location(page), 'service/svc-veilig-thuis-twente');
      await widget(page, 'heading', 'Veilig Thuis Twente').waitFor();

      await tap(page, 'button', 'Terug');
      assert.equal(await location(page), 'search');
      await tap(page, 'button', 'Terug'); // back home
      assert.equal(await location(page), 'home');

      await tap(page, 'button', 'Routes bekijken');
      assert.equal(await location(page), 'routes');
      await shot('routes');
      // Acute routes come first; the list's first link is the acute one.
      const first = page.locator('#a11y [role=link]').first();
      assert.match(await first.textContent(), /^ACUUT/);
      await first.tap({ force: true });
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
      await tap(page, 'button', 'Zoeken in de sociale kaart');
      assert.equal(await location(page), 'search');
      await page.keyboard.type('eenzaam');
      await waitIdle(page);
      await page.screenshot({ path: path.join(artifactsDir(), 'directory-search-portrait.png') });
      assert.ok(await canvasHasContent(page));

      // A finger drags the list up: it scrolls, and the row it started on does not open.
      await tap(page, 'button', 'Terug'); // back home and into the search again (the query is kept)
      await tap(page, 'button', 'Zoeken in de sociale kaart');
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
      await tap(page, 'link', /^Veilig Thuis Twente/, { exact: false }); // in step 2
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
