// Accessibility (issue 8): every screen, walked through as a person would
// (screens.mjs), has no serious or critical axe violation, and its
// accessibility tree — roles, names, states, as Playwright reads the mirror —
// equals the reviewed text in a11y-snapshots/<screen>.yml. After a deliberate
// change to a screen, regenerate with UPDATE_A11Y_SNAPSHOTS=1, read the diff
// as a screen-reader user would hear it, and commit it.
// Also: a keyboard-only scenario sets the records' PIN, completes a checklist
// and opens a route, and a screen reader's activation (a click on the mirror
// element) works off-screen.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import {
  TEST_PIN, artifactsDir, fixClock, openApp, pressUntilFocused, sharedCollectorAndBrowser, waitIdle, waitReady,
  widget,
} from './harness.mjs';
import { SCREENS, enrollmentCode, seriousViolations } from './screens.mjs';

const snapshotDir = fileURLToPath(new URL('./a11y-snapshots/', import.meta.url));
const update = process.env.UPDATE_A11Y_SNAPSHOTS === '1';

describe('accessibility', () => {
  const shared = sharedCollectorAndBrowser();
  after(shared.close);

  test('every screen: no serious or critical axe violation, and the reviewed accessibility tree', async (t) => {
    const { collector, browser } = await shared.get();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: true, beforeLoad: fixClock });
    try {
      await waitReady(page);
      await waitIdle(page);
      const failures = [];
      for (const screen of SCREENS) {
        await screen.visit(page, { collector });
        await waitIdle(page);
        const violations = await seriousViolations(page);
        if (violations.length) failures.push(`${screen.name}:\n  ${violations.join('\n  ')}`);

        const tree = (await page.locator('#a11y').ariaSnapshot()) + '\n';
        const file = path.join(snapshotDir, `${screen.name}.yml`);
        if (update || !fs.existsSync(file)) {
          fs.mkdirSync(snapshotDir, { recursive: true });
          fs.writeFileSync(file, tree);
          t.diagnostic(`wrote ${path.relative(process.cwd(), file)}`);
        } else if (fs.readFileSync(file, 'utf8') !== tree) {
          fs.writeFileSync(path.join(artifactsDir(), `a11y-${screen.name}.actual.yml`), tree);
          failures.push(`${screen.name}: the accessibility tree differs from a11y-snapshots/${screen.name}.yml ` +
            `(actual in browser-artifacts/a11y-${screen.name}.actual.yml)`);
        }
        await page.screenshot({ path: path.join(artifactsDir(), `a11y-${screen.name}.png`) });
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('keyboard only: the counts synced, a checklist completed and a route opened without pointer input', async () => {
    const { collector, browser } = await shared.get();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: false, beforeLoad: fixClock });
    const shot = (step) => page.screenshot({ path: path.join(artifactsDir(), `keyboard-${step}.png`) });
    const enter = async () => { await page.keyboard.press('Enter'); await waitIdle(page, 200); };
    const location = () => page.evaluate(() => window.veldwijzer.location);
    try {
      await waitReady(page);
      await waitIdle(page);

      // "Tellingen delen": couple with a code typed into its field, sync now,
      // and hear the result; then back to the start screen.
      await pressUntilFocused(page, 'Tab', 'button', 'Tellingen delen');
      await enter();
      assert.equal(await location(), 'sync');
      // The token is kept behind the records' PIN (issue 9): set one first,
      // typed into both fields; Enter in the second submits.
      await widget(page, 'heading', 'Pincode instellen').waitFor({ state: 'attached' });
      await pressUntilFocused(page, 'Tab', 'textbox', 'Nieuwe pincode');
      await page.keyboard.type(TEST_PIN);
      await waitIdle(page, 200);
      await pressUntilFocused(page, 'Tab', 'textbox', 'Herhaal pincode');
      await page.keyboard.type(TEST_PIN);
      await waitIdle(page, 200);
      await enter();
      await widget(page, 'heading', 'Pincode instellen').waitFor({ state: 'detached', timeout: 20000 });
      await shot('pin-set');
      await pressUntilFocused(page, 'Tab', 'textbox', 'Koppelcode');
      await page.keyboard.type(enrollmentCode(collector));
      await waitIdle(page, 200);
      await pressUntilFocused(page, 'Tab', 'button', 'Koppelen');
      await enter();
      await widget(page, 'button', 'Koppeling verwijderen').waitFor();
      await page.evaluate(() => { window.veldwijzer.announced = []; });
      await pressUntilFocused(page, 'Tab', 'button', 'Nu synchroniseren');
      await enter();
      await page.locator('#a11y [role=status]', { hasText: /^Klaar: / }).waitFor();
      await shot('synced');
      const synced = await page.evaluate(() => window.veldwijzer.announced || []);
      assert.deepEqual(synced, ['Synchronisatie gelukt'], 'the sync result was announced politely, once');
      await pressUntilFocused(page, 'Shift+Tab', 'button', 'Terug');
      await enter();
      assert.equal(await location(), 'home');

      await pressUntilFocused(page, 'Tab', 'button', 'Mijn registraties');
      await shot('focus-ring');
      await enter();
      assert.equal(await location(), 'records');
      await pressUntilFocused(page, 'Tab', 'button', '+ Nieuwe checklist');
      await enter();
      assert.equal(await location(), 'records/new');

      // The client's municipality from the list: open it, arrow down, choose.
      await pressUntilFocused(page, 'Tab', 'combobox', /^Gemeente van de cliënt/);
      await enter();
      await pressUntilFocused(page, 'ArrowDown', 'option', 'Enschede');
      await enter();
      // Tabbing into a text field starts editing it: type the age.
      await pressUntilFocused(page, 'Tab', 'textbox', 'Jaren');
      await page.keyboard.type('2');
      await waitIdle(page, 200);
      await pressUntilFocused(page, 'Tab', 'button', 'Checklist starten');
      await enter();
      assert.match(await location(), /^record\//);

      // J3, first question: yes ("aandacht": a route to suggest).
      await pressUntilFocused(page, 'Tab', 'tab', /^J3 /);
      await enter();
      await pressUntilFocused(page, 'Tab', 'radio', 'Ja');
      await enter();
      const yes = page.locator('#a11y').getByRole('radiogroup', { name: /^J3\.1 / }).getByRole('radio', { name: 'Ja' });
      assert.equal(await yes.getAttribute('aria-checked'), 'true');
      await shot('answered');
      await pressUntilFocused(page, 'Tab', 'button', 'Afronden: naar de samenvatting');
      await enter();
      assert.match(await location(), /\/summary$/);
      await pressUntilFocused(page, 'Tab', 'button', 'Afronden');
      await enter();
      await page.locator('#a11y [role=status]', { hasText: 'Status: afgerond' }).waitFor();

      // The suggested route for J3 opens the route screen.
      await pressUntilFocused(page, 'Shift+Tab', 'link', /^Opvoed|^Zorg/);
      await enter();
      assert.match(await location(), /^route\//);
      await shot('route');
      const announced = await page.evaluate(() => window.veldwijzer.announced || []);
      const title = await page.locator('#a11y [role=heading][aria-level="1"]').first().textContent();
      assert.ok(announced.includes(title), `the route's title was announced (${announced.join(' | ')})`);

      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('a screen reader activates a widget through its mirror element, also when it is scrolled out of sight', async () => {
    const { collector, browser } = await shared.get();
    const { context, page, problems } = await openApp(browser, `${collector.url}/#/routes`,
      { width: 1024, height: 480, touch: true, beforeLoad: fixClock });
    try {
      await waitReady(page);
      await waitIdle(page);
      const links = page.locator('#a11y [role=link]');
      const last = links.last();
      const box = await last.boundingBox();
      // The whole list is in the tree, off-screen rows too.
      assert.ok((await links.count()) >= 8);
      const name = await last.textContent();
      await last.dispatchEvent('click');
      await waitIdle(page);
      assert.match(await page.evaluate(() => window.veldwijzer.location), /^route\//);
      await widget(page, 'heading', name).waitFor({ state: 'attached' });
      assert.ok(box.y + box.height > 480, `the link was below the screen's bottom (y=${box.y})`);
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
