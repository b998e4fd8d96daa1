// Tablet input (issue 7): on touch tablets of three sizes, text reaches the
// app through the real <input> the tablet's keyboard types into (the
// accessible mirror's), including an IME composition that forms "é",
// backspace and autocorrect; copy, cut and paste go through the browser's
// clipboard; Enter and Tab behave; a flicked list glides on after the finger
// lifts and then the app goes idle; a long press does not press; a rotation
// is drawn at the new size inside the resize event; a keyboard sliding up
// (the visual viewport shrinking) keeps the edited field visible.
// Screenshots land in build/native/browser-artifacts (touch-*.png).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, canvasHasContent, openApp, reveal, sharedCollectorAndBrowser, tap, unlockRecords, waitIdle, waitReady,
  widget,
} from './harness.mjs';

const location = (page) => page.evaluate(() => window.veldwijzer.location);
const searchBox = (page) => widget(page, 'textbox', /^Zoek/, { exact: false });
const resultCount = async (page) => {
  const status = await page.locator('#a11y [role=status]').first().textContent();
  const count = /^(\d+|Geen) resulta/.exec(status);
  assert.ok(count, `a result count, not "${status}"`);
  return count[1] === 'Geen' ? 0 : Number(count[1]);
};
const shot = (page, name) => page.screenshot({ path: path.join(artifactsDir(), `touch-${name}.png`) });

// The field's value as the app has it: the mirror copies every change of the
// app's text into its <input> (unless typing is under way, which waitIdle waits out).
const fieldValue = async (page) => {
  await waitIdle(page, 250);
  return searchBox(page).inputValue();
};

// Window origins of the mirror (--y0, --y1, ... on #a11y): one per ImGui window,
// they move when the window scrolls.
const windowOrigins = (page) => page.evaluate(() => {
  const style = document.getElementById('a11y').style;
  const out = {};
  for (let i = 0; i < style.length; i++) {
    if (style[i].startsWith('--y')) out[style[i]] = parseFloat(style.getPropertyValue(style[i]));
  }
  return out;
});

const SIZES = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];

describe('tablet input', () => {
  const shared = sharedCollectorAndBrowser();
  const setup = shared.get;
  after(shared.close);

  for (const size of SIZES) {
    test(`${size.width}x${size.height}: typing, composition, backspace, autocorrect, clipboard, Enter and Tab`, async () => {
      const { collector, browser } = await setup();
      const { context, page, problems } = await openApp(browser, `${collector.url}/`, { ...size, touch: true });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: collector.url });
      const cdp = await context.newCDPSession(page);
      try {
        await waitReady(page);
        await tap(page, 'button', 'Zoeken in de sociale kaart');
        assert.equal(await location(page), 'search');

        // A finger on the search field lands on the real <input>, which the
        // browser focuses during the touch itself: that is what opens a tablet's keyboard.
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        await searchBox(page).tap();
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.tagName), 'INPUT');
        await waitIdle(page, 250);

        // Text as a virtual keyboard sends it (beforeinput/input, no key codes),
        // then "é" formed by a composition as a dead key or an IME does it.
        await cdp.send('Input.insertText', { text: 'gew' });
        await cdp.send('Input.imeSetComposition', { text: '´', selectionStart: 1, selectionEnd: 1 });
        await cdp.send('Input.imeSetComposition', { text: 'é', selectionStart: 1, selectionEnd: 1 });
        await cdp.send('Input.insertText', { text: 'é' }); // commits the composition
        await cdp.send('Input.insertText', { text: 'ld' });
        assert.equal(await fieldValue(page), 'gewéld'); // once each, nothing doubled
        const found = await resultCount(page);
        assert.ok(found > 0, 'é folds to e: "gewéld" finds services about geweld');
        await shot(page, `${size.width}x${size.height}-composed`);

        // Backspace from a hardware key, then as a virtual keyboard sends it
        // (an input event that deleted a character), then autocorrect's replacement.
        await page.keyboard.press('Backspace');
        assert.equal(await fieldValue(page), 'gewél');
        await searchBox(page).evaluate((el) => {
          el.value = el.value.slice(0, -1);
          el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
        });
        assert.equal(await fieldValue(page), 'gewé');
        await searchBox(page).evaluate((el) => {
          el.value = 'geweld';
          el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: 'geweld' }));
        });
        assert.equal(await fieldValue(page), 'geweld');
        assert.equal(await resultCount(page), found);

        // Copy and cut put the app's selection on the browser's clipboard; paste brings it in.
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Control+C');
        await waitIdle(page, 250);
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'geweld');
        assert.equal(await fieldValue(page), 'geweld');
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Control+X');
        assert.equal(await fieldValue(page), '');
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'geweld');
        await page.evaluate(() => navigator.clipboard.writeText('woning\nvervuiling'));
        await page.keyboard.press('Control+V');
        assert.equal(await fieldValue(page), 'woningvervuiling'); // one line: the newline is dropped
        await page.locator('#a11y').getByRole('link', { name: /woningvervuiling/i }).first().waitFor();
        await shot(page, `${size.width}x${size.height}-pasted`);

        // Enter ends editing and keeps the text: a key typed afterwards goes nowhere.
        await page.keyboard.press('Enter');
        await page.keyboard.press('x');
        assert.equal(await fieldValue(page), 'woningvervuiling');
        // Tab moves the keyboard focus on, away from the field.
        await searchBox(page).tap();
        await waitIdle(page, 250);
        await page.keyboard.press('Tab');
        await waitIdle(page, 250);
        assert.notEqual(await page.evaluate(() => document.activeElement && document.activeElement.tagName), 'INPUT');
        assert.deepEqual(problems, [], 'page reported problems');
      } finally {
        await context.close();
      }
    });
  }

  // "é" formed by a composition, as a dead key or an IME forms it.
  const composeE = async (cdp) => {
    await cdp.send('Input.imeSetComposition', { text: '´', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: 'é', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.insertText', { text: 'é' }); // commits the composition
  };
  const caretOf = (page) => searchBox(page).evaluate((el) => [el.selectionStart, el.selectionEnd]);

  for (const size of [SIZES[0], SIZES[1]]) {
    test(`${size.width}x${size.height}: a letter composed in the middle of a word keeps the caret there, for the next key too`, async () => {
      const { collector, browser } = await setup();
      const { context, page, problems } = await openApp(browser, `${collector.url}/`, { ...size, touch: true });
      const cdp = await context.newCDPSession(page);
      try {
        await waitReady(page);
        await tap(page, 'button', 'Zoeken in de sociale kaart');
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        await searchBox(page).tap();
        await waitIdle(page, 250);
        await cdp.send('Input.insertText', { text: 'gewld' });
        assert.equal(await fieldValue(page), 'gewld');

        // The finger puts the caret between "gew" and "ld", then "é" is composed there.
        await searchBox(page).evaluate((el) => el.setSelectionRange(3, 3));
        await composeE(cdp);
        assert.equal(await fieldValue(page), 'gewéld');
        const found = await resultCount(page);
        assert.ok(found > 0, '"gewéld" finds services about geweld');
        // A hardware key goes to the app, at the app's caret: after the "é", not at the end.
        await page.keyboard.press('x');
        assert.equal(await fieldValue(page), 'gewéxld');
        // The app wrote its text into the <input>: the <input>'s caret follows the app's.
        assert.deepEqual(await caretOf(page), [5, 5]);
        // So the virtual keyboard's next letter lands there too.
        await cdp.send('Input.insertText', { text: 'y' });
        assert.equal(await fieldValue(page), 'gewéxyld');
        assert.deepEqual(await caretOf(page), [6, 6]);
        // A hardware arrow key moves the app's caret, and the <input>'s with it.
        await page.keyboard.press('ArrowLeft');
        await waitIdle(page, 250);
        assert.deepEqual(await caretOf(page), [5, 5]);
        await page.keyboard.press('Delete');
        await page.keyboard.press('Backspace');
        assert.equal(await fieldValue(page), 'gewéld');
        assert.deepEqual(await caretOf(page), [4, 4]);
        assert.equal(await resultCount(page), found, 'the app searches for the text the field shows');
        await shot(page, `${size.width}x${size.height}-caret-in-word`);
        assert.deepEqual(problems, [], 'page reported problems');
      } finally {
        await context.close();
      }
    });
  }

  for (const size of [SIZES[1], SIZES[2]]) {
    test(`${size.width}x${size.height}: a flicked list glides on after the finger lifts, then the app is idle`, async () => {
      const { collector, browser } = await setup();
      const { context, page, problems } = await openApp(browser, `${collector.url}/#/search`, { ...size, touch: true });
      const cdp = await context.newCDPSession(page);
      const touch = (type, y) => cdp.send('Input.dispatchTouchEvent',
        { type, touchPoints: type === 'touchEnd' ? [] : [{ x: size.width / 2, y }] });
      try {
        await waitReady(page);
        await waitIdle(page);
        assert.equal(await location(page), 'search');
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        await waitIdle(page);
        const before = await windowOrigins(page);

        // A quick upward flick over the result list, 16 ms per step.
        const from = Math.round(size.height * 0.85), to = Math.round(size.height * 0.55);
        await touch('touchStart', from);
        for (let y = from - 20; y >= to; y -= 20) {
          await touch('touchMove', y);
          await page.waitForTimeout(16);
        }
        await touch('touchEnd', to);
        const released = await windowOrigins(page);
        const framesAtRelease = await page.evaluate(() => window.veldwijzer.frames);
        await shot(page, `${size.width}x${size.height}-released`);
        await waitIdle(page, 500);
        const settled = await windowOrigins(page);
        const framesAfter = await page.evaluate(() => window.veldwijzer.frames);
        await shot(page, `${size.width}x${size.height}-glided`);

        // The list's window: the origin that moved most.
        const list = Object.keys(settled).reduce((a, b) =>
          Math.abs(settled[a] - (before[a] ?? 0)) >= Math.abs(settled[b] - (before[b] ?? 0)) ? a : b);
        const dragged = before[list] - released[list];
        const glided = released[list] - settled[list];
        assert.ok(dragged > 100, `the drag itself scrolled the list (by ${dragged} px)`);
        assert.ok(glided > 50, `the list kept moving after the finger lifted (by ${glided} px)`);
        assert.ok(framesAfter - framesAtRelease >= 5, `frames drawn while gliding: ${framesAfter - framesAtRelease}`);
        assert.equal(await location(page), 'search', 'the row under the finger did not open');

        // Then nothing is drawn.
        await page.waitForTimeout(1000);
        assert.equal(await page.evaluate(() => window.veldwijzer.frames), framesAfter, 'idle after the glide');

        // A finger held still is a long press: the row under it is not opened.
        // A row in the middle of the screen (the list has scrolled: the first ones are gone or under the header).
        const centres = await page.locator('#a11y [role=link]').evaluateAll((rows) => rows.map((row) => {
          const r = row.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }));
        const at = centres.reduce((a, b) =>
          (Math.abs(a.y - size.height / 2) <= Math.abs(b.y - size.height / 2) ? a : b));
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
        await page.waitForTimeout(800);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await waitIdle(page, 250);
        assert.equal(await location(page), 'search', 'a long press does not open the row');
        // A short tap on the same row does.
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await waitIdle(page, 250);
        assert.match(await location(page), /^service\//);
        assert.deepEqual(problems, [], 'page reported problems');
      } finally {
        await context.close();
      }
    });
  }

  test('rotating 1024x768 to 768x1024 draws the new size inside the resize event', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`,
      { width: 1024, height: 768, touch: true });
    try {
      await waitReady(page);
      await waitIdle(page);
      // Listeners added after the app's: they see the page as the event leaves it.
      await page.evaluate(() => {
        window.seenAtResize = [];
        const look = () => window.seenAtResize.push({
          canvas: [document.getElementById('canvas').width, document.getElementById('canvas').height],
          drawn: [window.veldwijzer.lastFrame.width, window.veldwijzer.lastFrame.height],
        });
        window.visualViewport.addEventListener('resize', look);
      });
      await page.setViewportSize({ width: 768, height: 1024 });
      const seen = await page.evaluate(() => new Promise((resolve) => {
        const wait = () => (window.seenAtResize.length ? resolve(window.seenAtResize) : requestAnimationFrame(wait));
        wait();
      }));
      assert.deepEqual(seen[0], { canvas: [768, 1024], drawn: [768, 1024] });
      assert.ok(await canvasHasContent(page, { timeout: 0 }), 'the canvas has content right after rotating');
      await shot(page, 'rotated-768x1024');
      await page.setViewportSize({ width: 1024, height: 768 });
      assert.ok(await canvasHasContent(page, { timeout: 0 }), 'and right after rotating back');
      await shot(page, 'rotated-1024x768');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('a keyboard sliding up keeps the edited field visible above it', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/#/records`,
      { width: 1024, height: 768, touch: true });
    try {
      await waitReady(page);
      await unlockRecords(page); // the records' PIN (issue 9), typed into its field
      await tap(page, 'button', '+ Nieuwe checklist');
      // The age field sits low on the new-checklist screen.
      const field = widget(page, 'textbox', 'Jaren');
      await reveal(page, field);
      await field.tap();
      await waitIdle(page);
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('aria-label')), 'Jaren');
      const below = await field.boundingBox();
      assert.ok(below.y + below.height > 420, `the field starts low on the screen (at ${below.y})`);
      // The visual viewport shrinks to 420 px as when a keyboard covers the rest.
      await page.setViewportSize({ width: 1024, height: 420 });
      await waitIdle(page);
      const above = await field.boundingBox();
      await shot(page, 'keyboard-420');
      assert.ok(above.y >= 0 && above.y + above.height <= 420,
        `the field is visible above the keyboard (at ${above.y}, ${above.height} high)`);
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('aria-label')), 'Jaren');
      // Typing still reaches it.
      await page.keyboard.press('Backspace');
      await page.keyboard.type('7');
      await waitIdle(page);
      assert.equal(await field.inputValue(), '7');
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
