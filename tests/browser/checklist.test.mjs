// Checklist scenario (issue 5), on a touch tablet in landscape and portrait:
// start a JGZ checklist (Nieuwe checklist → municipality, age), answer part of
// it, reload → the draft is there with its answers; the acute item (J4.4)
// shows the acute route banner at once; finish the record, close the page,
// open a new one in the same browser → the record is there, afgerond.
// The records are behind a PIN (issue 9): set on first use, asked again
// after every reload and in the new page.
// Widgets are found by role and name in the accessible mirror; the finger
// lands where the mirror says they are. Screenshots: checklist-<size>-<step>.png.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, openApp, reveal, sharedCollectorAndBrowser, tap, unlockRecords, waitIdle, waitReady, widget,
} from './harness.mjs';

const SIZES = [{ width: 1024, height: 768 }, { width: 768, height: 1024 }];
const location = (page) => page.evaluate(() => window.veldwijzer.location);

// The radio of one answer inside a question's group ("J1.1 Groeicurve …").
function answer(page, item, text) {
  return page.locator('#a11y').getByRole('radiogroup', { name: new RegExp(`^${item.replace('.', '\\.')} `) })
    .getByRole('radio', { name: text, exact: true });
}

async function tapAnswer(page, item, text) {
  const radio = answer(page, item, text);
  await reveal(page, radio);
  await radio.tap({ force: true });
  await waitIdle(page, 250);
  assert.equal(await radio.getAttribute('aria-checked'), 'true', `${item} ${text} is chosen`);
}

// The IndexedDB write-back has finished (the nurse did not close the tab
// within the quarter second the debounce waits).
async function saved(page) {
  await page.waitForFunction(() => {
    const s = window.veldwijzer.storage;
    return s && !s.pending && !s.busy;
  }, null, { timeout: 10000 });
}

describe('checklists on a touch tablet', () => {
  const shared = sharedCollectorAndBrowser();
  after(shared.close);

  for (const size of SIZES) {
    const name = `${size.width}x${size.height}`;
    test(`at ${name}: a draft survives a reload, the acute item shows its route at once, a finished record survives closing the page`, async () => {
      const { collector, browser } = await shared.get();
      const { context, page, problems } = await openApp(browser, `${collector.url}/`,
        { ...size, touch: true }); // the real clock: IDBFS writes back only files whose time changed
      const shot = (step) => page.screenshot({ path: path.join(artifactsDir(), `checklist-${name}-${step}.png`) });
      try {
        await waitReady(page);
        await waitIdle(page);
        await tap(page, 'button', 'Mijn registraties');
        assert.equal(await unlockRecords(page), 'set', 'first use asks for a new PIN');
        assert.equal(await location(page), 'records');
        await tap(page, 'button', '+ Nieuwe checklist');
        assert.equal(await location(page), 'records/new');

        // Municipality from the list, age typed on the tablet's keyboard.
        await tap(page, 'combobox', /^Gemeente van de cliënt/, { exact: false });
        await tap(page, 'option', 'Enschede');
        assert.match(await widget(page, 'combobox', /^Gemeente van de cliënt/).textContent(), /Enschede$/);
        await tap(page, 'textbox', 'Jaren');
        await widget(page, 'textbox', 'Jaren').fill('2');
        await waitIdle(page);
        assert.equal(await widget(page, 'textbox', 'Jaren').inputValue(), '2');
        assert.equal(await widget(page, 'radio', /^Vroegsignalering JGZ/).getAttribute('aria-checked'), 'true');
        await shot('new');
        await tap(page, 'button', 'Checklist starten');
        assert.match(await location(page), /^record\/[0-9a-f]{16,64}$/);
        const recordLocation = await location(page);

        // Part of the checklist: all of J1, one question of J2.
        await tapAnswer(page, 'J1.1', 'Ja');
        await tapAnswer(page, 'J1.2', 'Nee');
        await tapAnswer(page, 'J1.3', 'Onbekend');
        await tapAnswer(page, 'J1.4', 'Nee');
        await tapAnswer(page, 'J1.5', 'Nee');
        await tap(page, 'tab', /^J2 /, { exact: false });
        await tapAnswer(page, 'J2.1', 'Ja');
        await shot('half-way');
        await saved(page);

        await page.reload();
        await waitReady(page);
        await waitIdle(page);
        assert.equal(await unlockRecords(page), 'locked', 'after a reload the records ask for the PIN');
        assert.equal(await location(page), recordLocation, 'the reload opened the same record');
        assert.equal(await answer(page, 'J1.1', 'Ja').getAttribute('aria-checked'), 'true');
        assert.equal(await answer(page, 'J1.2', 'Nee').getAttribute('aria-checked'), 'true');
        assert.equal(await answer(page, 'J1.3', 'Onbekend').getAttribute('aria-checked'), 'true');
        assert.equal(await answer(page, 'J1.5', 'Nee').getAttribute('aria-checked'), 'true');
        await tap(page, 'tab', /^J2 /, { exact: false });
        assert.equal(await answer(page, 'J2.1', 'Ja').getAttribute('aria-checked'), 'true');
        assert.equal(await answer(page, 'J2.2', 'Ja').getAttribute('aria-checked'), 'false');
        await shot('after-reload');

        // The acute item: "Kind vertelt uit zichzelf over geweld of misbruik".
        await tap(page, 'tab', /^J4 /, { exact: false });
        const acuteBanner = widget(page, 'button', /^ACUTE ONVEILIGHEID/);
        assert.equal(await acuteBanner.count(), 0, 'no banner before the acute answer');
        const framesBefore = await page.evaluate(() => window.veldwijzer.frames);
        await tapAnswer(page, 'J4.4', 'Ja');
        await acuteBanner.waitFor({ state: 'attached', timeout: 1000 });
        const framesToBanner = await page.evaluate(() => window.veldwijzer.frames);
        const bannerBox = await acuteBanner.boundingBox();
        const tabsBox = await widget(page, 'tab', /^J4 /).boundingBox();
        assert.ok(bannerBox.y < tabsBox.y, 'the banner stands above the checklist');
        assert.ok(bannerBox.y >= 0 && bannerBox.y < size.height / 2, 'the banner is in view');
        assert.match(await acuteBanner.textContent(), /Acuut gevaar|route/i);
        const announced = await page.evaluate(() => window.veldwijzer.announced || []);
        assert.ok(announced.some((a) => a.startsWith('!ACUTE ONVEILIGHEID')), `announced assertively: ${announced}`);
        assert.ok(framesToBanner - framesBefore < 30, `banner within the answer's frames (${framesToBanner - framesBefore})`);
        await shot('acute');

        // Finish: to the summary, "Afronden".
        await tap(page, 'button', 'Afronden: naar de samenvatting');
        assert.equal(await location(page), `${recordLocation}/summary`);
        await shot('summary');
        await tap(page, 'button', 'Afronden');
        await page.locator('#a11y [role=status]', { hasText: 'Status: afgerond' }).waitFor(); // a status is named by its text
        await shot('completed');
        await saved(page);
        await page.close();

        // A new page in the same browser: the record is there, completed.
        const again = await context.newPage();
        await again.goto(`${collector.url}/`, { waitUntil: 'load' });
        await waitReady(again);
        await waitIdle(again);
        await tap(again, 'button', 'Mijn registraties');
        assert.equal(await unlockRecords(again), 'locked', 'a new page asks for the PIN');
        const row = again.locator('#a11y').getByRole('link', { name: /^Vroegsignalering JGZ/ });
        assert.equal(await row.count(), 1, 'one record on this device');
        assert.match(await row.textContent(), /Enschede · 0-3 jaar · afgerond · hoogste niveau: acute onveiligheid/);
        await again.screenshot({ path: path.join(artifactsDir(), `checklist-${name}-list.png`) });
        assert.deepEqual(problems, [], 'page reported problems');
      } finally {
        await context.close();
      }
    });
  }
});
