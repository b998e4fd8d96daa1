// WCAG 1.4.4 in the browser: the text size chosen in "Over Veldwijzer" goes
// up to 200 %, is kept across a reload, and at 200 % on a portrait tablet
// (768x1024) every screen keeps its content within the width: each element
// of the accessible mirror (which sits where the app drew the item) lies
// inside the viewport horizontally. Screenshots text-200-<screen>.png are
// for a person to look at (tests/app/text_scale_test.cpp checks every screen
// natively, also in landscape and English). The records' PIN screen
// (issue 9) is one of the screens checked.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, openApp, sharedCollectorAndBrowser, tap, unlockRecords, waitIdle, waitReady, widget,
} from './harness.mjs';

// Mirror elements (not containers) reaching outside [0, width].
async function outsideWidth(page, width) {
  return page.locator('#a11y').evaluate((root, w) => {
    const containers = new Set(['main', 'dialog', 'group', 'radiogroup', 'tablist', 'listbox']);
    const out = [];
    for (const el of root.querySelectorAll('*')) {
      if (containers.has(el.getAttribute('role'))) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < -1 || box.right > w + 1) {
        out.push(`${el.getAttribute('role') || el.tagName} "${(el.getAttribute('aria-label') || el.textContent).slice(0, 60)}" ` +
          `${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
    return out;
  }, width);
}

const go = async (page, hash) => {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await waitIdle(page);
};

describe('text size 200 %', () => {
  const shared = sharedCollectorAndBrowser();
  after(shared.close);

  test('chosen in the about window, kept after a reload, and every screen fits a portrait tablet', async () => {
    const { collector, browser } = await shared.get();
    const size = { width: 768, height: 1024 };
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { ...size, touch: true }); // the real clock: IDBFS saves only files whose time changed
    const failures = [];
    const check = async (name) => {
      await waitIdle(page);
      await page.screenshot({ path: path.join(artifactsDir(), `text-200-${name}.png`) });
      for (const line of await outsideWidth(page, size.width)) failures.push(`${name}: ${line}`);
    };
    try {
      await waitReady(page);
      await waitIdle(page);
      await tap(page, 'button', 'Over Veldwijzer');
      const largest = widget(page, 'radio', 'Grootst (200 %)');
      assert.equal(await largest.getAttribute('aria-checked'), 'false');
      await largest.dispatchEvent('click');
      await waitIdle(page);
      await check('about');
      await tap(page, 'button', 'Sluiten');

      // The setting is kept on the device: after a reload the text is still 200 %.
      await page.reload();
      await waitReady(page);
      await waitIdle(page);
      await widget(page, 'button', 'Over Veldwijzer').dispatchEvent('click');
      await waitIdle(page);
      assert.equal(await widget(page, 'radio', 'Grootst (200 %)').getAttribute('aria-checked'), 'true');
      await widget(page, 'button', 'Sluiten').dispatchEvent('click');
      await waitIdle(page);
      await check('home');

      await go(page, '#/search');
      await page.locator('#a11y').getByRole('textbox', { name: /^Zoek/ }).fill('huislijk geweld');
      await waitIdle(page);
      await check('search');
      await go(page, '#/service/svc-veilig-thuis-twente');
      await check('service');
      await go(page, '#/route/route-veilig-wonen');
      await check('route');

      await go(page, '#/records/new');
      await check('lock-set');
      assert.equal(await unlockRecords(page), 'set', 'the new checklist asks for a PIN first');
      await page.locator('#a11y').getByRole('combobox', { name: /^Gemeente van de cliënt/ }).dispatchEvent('click');
      await waitIdle(page);
      await widget(page, 'option', 'Enschede').dispatchEvent('click');
      await waitIdle(page);
      await widget(page, 'textbox', 'Jaren').fill('2');
      await waitIdle(page);
      await widget(page, 'button', 'Checklist starten').dispatchEvent('click');
      await waitIdle(page);
      assert.match(await page.evaluate(() => window.veldwijzer.location), /^record\//);
      await check('checklist-entry');
      await widget(page, 'button', 'Afronden: naar de samenvatting').dispatchEvent('click');
      await waitIdle(page);
      await check('summary');
      await go(page, '#/sync');
      await check('sync');

      assert.deepEqual(failures, []);
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
