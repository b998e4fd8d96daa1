// Keyboard only, every screen reachable from home and back again (issue 8,
// WCAG 2.1.2 No Keyboard Trap, 2.4.3 Focus Order). On each screen Tab walks
// forward through all focusable items until the focus is back on the first
// one, then Shift+Tab walks the same way backwards. The walk fails when a
// cycle does not come back to its start (a trap: Tab circles in part of the
// screen, e.g. a child window it never leaves), when the focus lands on
// nothing (document.body: an ImGui item without a mirror element), when
// Shift+Tab does not visit the same items as Tab, or when "Terug" is not in a
// screen's cycle. The screens are left through "Terug" with Enter, as a
// keyboard user would, so the way back is walked too. Each screen's cycle
// length is printed as a test diagnostic.
//
// Only page.keyboard: no clicks, taps or mirror .click() anywhere.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { artifactsDir, fixClock, openApp, sharedCollectorAndBrowser, waitIdle, waitReady } from './harness.mjs';
import { enrollmentCode } from './screens.mjs';

// More presses than any screen has focusable items (the checklist's longest
// domain has about 60): a cycle that is not closed by then never will be.
const MAX_PRESSES = 250;

// Resolves once the app has drawn no frame for `quietMs` (render on demand:
// a key press is handled over a few frames). Polls inside the page, so one
// key press costs one round trip instead of waitIdle's 100 ms steps.
function settle(page, quietMs = 100) {
  return page.evaluate((quiet) => new Promise((resolve, reject) => {
    const started = performance.now();
    let last = window.veldwijzer.frames;
    let since = started;
    const check = () => {
      const now = performance.now();
      if (window.veldwijzer.frames !== last) {
        last = window.veldwijzer.frames;
        since = now;
      } else if (now - since >= quiet) {
        return resolve();
      }
      if (now - started > 10000) return reject(new Error('the app kept drawing frames after a key press'));
      setTimeout(check, 10);
    };
    check();
  }), quietMs);
}

// Where the page's focus is: the mirror element (a stable number per element,
// kept in a WeakMap so the mirror's DOM is not touched), or what else it is.
function focused(page) {
  return page.evaluate(() => {
    const walk = window.keyboardWalk || (window.keyboardWalk = { ids: new WeakMap(), next: 1 });
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { nothing: true, what: 'document.body' };
    if (!el.closest('#a11y')) return { nothing: true, what: `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> outside the mirror` };
    let key = walk.ids.get(el);
    if (key === undefined) walk.ids.set(el, (key = walk.next++));
    const role = el.getAttribute('role') || (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? 'textbox' : '');
    const name = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
    return { key, role, name, label: `${role} "${name.length > 50 ? name.slice(0, 49) + '…' : name}"` };
  });
}

async function press(page, key) {
  await page.keyboard.press(key);
  await settle(page);
  return focused(page);
}

// Presses `key` until the focus is back where the first press put it.
// Returns the items in the order visited (the first one once).
async function cycle(page, key, screen) {
  const start = await press(page, key);
  if (start.nothing) throw new Error(`${screen}: the first ${key} left the focus on ${start.what}`);
  const order = [start];
  const seen = new Set([start.key]);
  for (let presses = 2; presses <= MAX_PRESSES; presses++) {
    const now = await press(page, key);
    const trail = () => order.slice(-8).map((i) => i.label).join(' → ');
    if (now.nothing) {
      throw new Error(`${screen}: ${key} press ${presses} put the focus on ${now.what} (after: ${trail()})`);
    }
    if (now.key === start.key) return order;
    if (seen.has(now.key)) {
      const loop = order.slice(order.findIndex((i) => i.key === now.key)).map((i) => i.label);
      throw new Error(`${screen}: keyboard trap — ${key} circles through ${loop.length} item(s) and never ` +
        `returns to ${start.label}: ${loop.join(' → ')} → ${now.label}`);
    }
    seen.add(now.key);
    order.push(now);
  }
  throw new Error(`${screen}: ${key} did not come back to ${start.label} within ${MAX_PRESSES} presses`);
}

// Tab and Shift+Tab cycles of the screen the app shows now; checks them and
// reports the lengths. `exit`: the role and name that must be in the cycle.
// `opened`: the screen was just opened with Enter, so the first Tab starts at
// its top ("Terug"), as on a new web page — not after some item the focus
// was left on (it once went to "Over Veldwijzer" after a home card's button).
async function checkScreen(t, page, screen, exit, { opened = false } = {}) {
  const forward = await cycle(page, 'Tab', screen);
  if (opened) {
    assert.equal(forward[0].label, 'button "Terug"', `${screen}: the first Tab on the newly opened screen ` +
      `went to ${forward[0].label}, not to the top of the screen`);
  }
  const backward = await cycle(page, 'Shift+Tab', screen);
  const names = (items) => items.map((i) => i.label);
  t.diagnostic(`${screen} (${await location(page)}): Tab cycle ${forward.length}, Shift+Tab cycle ${backward.length}`);
  // Both directions visit the same items, in mirrored order.
  assert.deepEqual(new Set(backward.map((i) => i.key)), new Set(forward.map((i) => i.key)),
    `${screen}: Shift+Tab visits other items than Tab\n  Tab: ${names(forward).join(' → ')}\n  ` +
    `Shift+Tab: ${names(backward).join(' → ')}`);
  const keys = forward.map((i) => i.key);
  const at = keys.indexOf(backward[0].key);
  const rotated = [...keys.slice(at + 1), ...keys.slice(0, at + 1)].reverse();
  assert.deepEqual(backward.map((i) => i.key), rotated,
    `${screen}: Shift+Tab is not Tab's order reversed\n  Tab: ${names(forward).join(' → ')}\n  ` +
    `Shift+Tab: ${names(backward).join(' → ')}`);
  // Every control the mirror shows (enabled) is a Tab stop: none skipped.
  const skipped = await page.evaluate((visited) => {
    const walk = window.keyboardWalk;
    const controls = '[role=button],[role=link],[role=checkbox],[role=radio],[role=tab],[role=option],' +
      '[role=combobox],input,textarea';
    return [...document.querySelectorAll('#a11y :is(' + controls + ')')]
      .filter((el) => el.getAttribute('aria-disabled') !== 'true' && !el.readOnly)
      .filter((el) => !visited.includes(walk.ids.get(el)))
      .map((el) => `${el.getAttribute('role') || 'textbox'} "${(el.getAttribute('aria-label') || el.textContent).slice(0, 50)}"`);
  }, keys);
  assert.deepEqual(skipped, [], `${screen}: Tab never reaches these controls: ${skipped.join(', ')}`);
  if (exit) {
    assert.ok(forward.some((i) => i.role === exit.role && i.name === exit.name),
      `${screen}: ${exit.role} "${exit.name}" is not in the Tab cycle: ${names(forward).join(' → ')}`);
  }
  await page.screenshot({ path: path.join(artifactsDir(), `keyboard-walk-${screen}.png`) });
  return forward;
}

const location = (page) => page.evaluate(() => window.veldwijzer.location);

// Tab (or `key`) until the focus is on this item. A text field is then
// being edited (the mirror's <input> has the focus): type into it.
async function focusOn(page, role, name, key = 'Tab') {
  for (let presses = 1; presses <= MAX_PRESSES; presses++) {
    const now = await press(page, key);
    if (!now.nothing && now.role === role && (name instanceof RegExp ? name.test(now.name) : now.name === name)) return;
  }
  throw new Error(`${key} never reached ${role} "${name}" on ${await location(page)}`);
}

// The same, then Enter.
async function choose(page, role, name, key = 'Tab') {
  await focusOn(page, role, name, key);
  await page.keyboard.press('Enter');
  await waitIdle(page, 200);
}

// Back one screen the keyboard way: Tab to "Terug", Enter.
async function back(page, expected) {
  await choose(page, 'button', 'Terug');
  assert.match(await location(page), expected);
}

// Issue #9 puts a PIN lock before the record and sync screens: a screen
// "Pincode instellen" (textboxes "Nieuwe pincode" and "Herhaal pincode",
// button "Pincode instellen"). Where that screen shows, it is walked like the
// others and then passed with the keyboard; where it does not (a build
// without the lock), this does nothing.
const PIN = '482916';
async function unlockRecords(t, page, screen) {
  const lock = page.locator('#a11y').getByRole('heading', { name: 'Pincode instellen' });
  if ((await lock.count()) === 0) return;
  await checkScreen(t, page, `${screen}-pin`, null);
  for (const field of ['Nieuwe pincode', 'Herhaal pincode']) {
    await focusOn(page, 'textbox', field);
    await page.keyboard.type(PIN);
    await settle(page);
  }
  await choose(page, 'button', 'Pincode instellen');
  // Deriving the key from the PIN may take a moment.
  await lock.waitFor({ state: 'detached', timeout: 15000 }).catch(() => {
    throw new Error(`${screen}: the PIN lock stayed after setting a PIN with the keyboard`);
  });
}

describe('keyboard walk', () => {
  const shared = sharedCollectorAndBrowser();
  after(shared.close);

  test('every screen: Tab and Shift+Tab cycle through all items and back to the first, "Terug" included, no trap', async (t) => {
    const { collector, browser } = await shared.get();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: false, beforeLoad: fixClock });
    const terug = { role: 'button', name: 'Terug' };
    try {
      await waitReady(page);
      await waitIdle(page);
      await checkScreen(t, page, 'home', null);

      // The municipality first (the search and the records use it).
      await choose(page, 'combobox', /^Gemeente: /);
      await choose(page, 'option', 'Enschede', 'ArrowDown');

      // Search → a service → back → back.
      await choose(page, 'button', 'Zoeken in de sociale kaart');
      assert.equal(await location(page), 'search');
      await page.keyboard.type('huiselijk geweld'); // the search field has the focus
      await settle(page);
      await checkScreen(t, page, 'search', terug);
      await choose(page, 'link', /^Veilig Thuis Twente/);
      assert.match(await location(page), /^service\//);
      await checkScreen(t, page, 'service', terug, { opened: true });
      await back(page, /^search$/);
      await back(page, /^home$/);

      // Routes → a route → back → back.
      await choose(page, 'button', 'Routes bekijken');
      assert.equal(await location(page), 'routes');
      await checkScreen(t, page, 'routes', terug, { opened: true });
      await choose(page, 'link', /Acuut gevaar$/);
      assert.match(await location(page), /^route\//);
      await checkScreen(t, page, 'route', terug, { opened: true });
      await back(page, /^routes$/);
      await back(page, /^home$/);

      // Records → new record → record entry → summary → completed → the
      // suggested route, then back screen by screen to home (the walk back
      // the keyboard scenario once could not finish).
      await choose(page, 'button', 'Mijn registraties');
      await unlockRecords(t, page, 'records'); // issue #9: no-op until the PIN lock exists
      assert.equal(await location(page), 'records');
      await checkScreen(t, page, 'records-empty', terug, { opened: true });
      await choose(page, 'button', '+ Nieuwe checklist');
      assert.equal(await location(page), 'records/new');
      await checkScreen(t, page, 'new-record', terug, { opened: true });
      await focusOn(page, 'textbox', 'Jaren');
      await page.keyboard.type('2');
      await settle(page);
      await choose(page, 'button', 'Checklist starten');
      assert.match(await location(page), /^record\/[^/]+$/);
      await checkScreen(t, page, 'record', terug, { opened: true });
      await choose(page, 'tab', /^J3 /); // another domain: other questions
      await choose(page, 'radio', 'Ja'); // J3.1 yes: a route to suggest
      await checkScreen(t, page, 'record-J3-answered', terug);
      await choose(page, 'button', 'Afronden: naar de samenvatting');
      assert.match(await location(page), /\/summary$/);
      await checkScreen(t, page, 'summary', terug, { opened: true });
      await choose(page, 'button', 'Afronden');
      await page.locator('#a11y [role=status]', { hasText: 'Status: afgerond' }).waitFor();
      await checkScreen(t, page, 'summary-completed', terug);
      await choose(page, 'link', /^Opvoed|^Zorg/);
      assert.match(await location(page), /^route\//);
      await checkScreen(t, page, 'route-from-summary', terug, { opened: true });
      await back(page, /\/summary$/);
      for (let steps = 0; (await location(page)) !== 'home'; steps++) {
        assert.ok(steps < 6, `"Terug" did not lead home from ${await location(page)}`);
        await checkScreen(t, page, `back-${await location(page)}`.replace(/\/[0-9a-f]{32}/, '').replace(/\//g, '-'), terug);
        await back(page, /./);
      }

      // Sync: couple with a code typed in, send, then back.
      await choose(page, 'button', 'Tellingen delen');
      await unlockRecords(t, page, 'sync'); // issue #9: no-op until the PIN lock exists
      assert.equal(await location(page), 'sync');
      await checkScreen(t, page, 'sync', terug, { opened: true });
      await focusOn(page, 'textbox', 'Koppelcode');
      await page.keyboard.type(enrollmentCode(collector));
      await settle(page);
      await choose(page, 'button', 'Koppelen');
      await page.locator('#a11y').getByRole('button', { name: 'Koppeling verwijderen' }).waitFor();
      await choose(page, 'button', 'Nu synchroniseren');
      await page.locator('#a11y [role=status]', { hasText: /^Klaar: / }).waitFor();
      await checkScreen(t, page, 'sync-enrolled', terug);
      await back(page, /^home$/);
      await checkScreen(t, page, 'home-again', null);

      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
