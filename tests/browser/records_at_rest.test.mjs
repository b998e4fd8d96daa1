// Records at rest (issue 9): a lost tablet reveals nothing without the PIN.
// A checklist gets a unique marker in its note and own-reference fields; once
// the page has written /data back to IndexedDB, every value of every object
// store of every IndexedDB database of the origin (and localStorage) is read
// in the page and searched, as UTF-8 and as UTF-16LE bytes, for the marker and
// the PIN: neither may be there. The same scanner must find a public setting
// (the chosen municipality's row, plaintext in the public database), so a
// scanner that saw no stored bytes could not pass. Then: a reload asks for the
// PIN, a wrong PIN says so and changes nothing, the right one brings the
// record back; hiding the page locks it; "Pincode vergeten?" → "Alles wissen"
// removes it. Screenshots: records-at-rest-<step>.png, the PIN screens at
// 1024x768 and 768x1024.

import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, lockScreen, openApp, reveal, sharedCollectorAndBrowser, tap, unlockRecords, waitIdle, waitReady,
  widget,
} from './harness.mjs';

const location = (page) => page.evaluate(() => window.veldwijzer.location);

// The IndexedDB write-back has run after everything up to now.
async function saved(page) {
  await page.waitForFunction(() => {
    const s = window.veldwijzer.storage;
    return s && !s.pending && !s.busy && !s.timer;
  }, null, { timeout: 15000 });
}

// Every stored value of the origin, searched in the page for each needle as
// UTF-8 and UTF-16LE bytes. Strings, numbers, keys, typed arrays, buffers and
// blobs are searched wherever they sit inside a value. Returns the hits, what
// was seen, and per IDBFS file (values with `contents`) its size, its first
// bytes and a SHA-256 of its contents.
function scanStorage(page, needles) {
  return page.evaluate(async (needles) => {
    const encoder = new TextEncoder();
    const utf16le = (text) => {
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        bytes[2 * i] = text.charCodeAt(i) & 0xff;
        bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
      }
      return bytes;
    };
    const patterns = needles.flatMap((needle) => [
      { needle, form: 'utf-8', bytes: encoder.encode(needle) },
      { needle, form: 'utf-16le', bytes: utf16le(needle) },
    ]);
    const contains = (haystack, pattern) => {
      const first = pattern[0];
      for (let i = haystack.indexOf(first); i !== -1 && i + pattern.length <= haystack.length;
        i = haystack.indexOf(first, i + 1)) {
        let j = 1;
        while (j < pattern.length && haystack[i + j] === pattern[j]) j++;
        if (j === pattern.length) return true;
      }
      return false;
    };
    const hits = [];
    const seen = { databases: [], stores: 0, values: 0, bytes: 0, files: {} };
    const search = (bytes, where) => {
      seen.bytes += bytes.length;
      for (const p of patterns) {
        if (contains(bytes, p.bytes)) hits.push({ needle: p.needle, form: p.form, where });
      }
    };
    // Strings are searched in both encodings as stored text would be.
    const visit = async (value, where, depth = 0) => {
      if (value === null || value === undefined || depth > 20) return;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ||
        typeof value === 'boolean') {
        search(encoder.encode(String(value)), where);
        search(utf16le(String(value)), where);
      } else if (value instanceof ArrayBuffer) {
        search(new Uint8Array(value), where);
      } else if (ArrayBuffer.isView(value)) {
        search(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), where);
      } else if (value instanceof Blob) {
        search(new Uint8Array(await value.arrayBuffer()), where);
      } else if (value instanceof Date) {
        search(encoder.encode(value.toISOString()), where);
      } else if (value instanceof Map) {
        for (const [k, v] of value) { await visit(k, where, depth + 1); await visit(v, where, depth + 1); }
      } else if (Array.isArray(value) || value instanceof Set) {
        for (const v of value) await visit(v, where, depth + 1);
      } else if (typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          await visit(k, where, depth + 1);
          await visit(v, `${where}.${k}`, depth + 1);
        }
      }
    };
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });

    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      seen.databases.push(name);
      try {
        for (const storeName of db.objectStoreNames) {
          seen.stores++;
          // Read every entry inside the transaction; search afterwards (an
          // await on other work would let the transaction close).
          const entries = await new Promise((resolve, reject) => {
            const out = [];
            const cursor = db.transaction(storeName, 'readonly').objectStore(storeName).openCursor();
            cursor.onerror = () => reject(cursor.error);
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c) return resolve(out);
              out.push({ key: c.key, value: c.value });
              c.continue();
            };
          });
          for (const { key, value } of entries) {
            seen.values++;
            const where = `${name}/${storeName}/${String(key)}`;
            await visit(key, where);
            await visit(value, where);
            if (value && ArrayBuffer.isView(value.contents)) {
              const bytes = new Uint8Array(value.contents.buffer, value.contents.byteOffset, value.contents.byteLength);
              const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
              seen.files[String(key)] = {
                size: bytes.length,
                head: String.fromCharCode(...bytes.subarray(0, 16)),
                sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
              };
            }
          }
        }
      } finally {
        db.close();
      }
    }
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      seen.values++;
      await visit(key, `localStorage/${key}`);
      await visit(localStorage.getItem(key), `localStorage/${key}`);
    }
    return { hits, seen };
  }, needles);
}

const PUBLIC_FILE = '/data/veldwijzer.sqlite3';
const RECORDS_FILE = '/data/records.sqlite3';

// The marker and the PIN are nowhere; the municipality setting is, in the
// public file, so the scan did read the stored bytes.
function assertNothingReadable(scan, { marker, pin, control }, when) {
  const secret = scan.hits.filter((h) => h.needle === marker || h.needle === pin);
  assert.deepEqual(secret, [], `${when}: the marker or the PIN is readable in the browser's storage`);
  const found = scan.hits.filter((h) => h.needle === control);
  assert.ok(found.some((h) => h.where.includes(PUBLIC_FILE)),
    `${when}: the positive control "${control}" was not found in ${PUBLIC_FILE}, so the scan proves nothing ` +
    `(seen: ${JSON.stringify(scan.seen)})`);
  assert.ok(scan.seen.files[PUBLIC_FILE]?.head.startsWith('SQLite format 3'), `${when}: the public file is plain SQLite`);
  const records = scan.seen.files[RECORDS_FILE];
  assert.ok(records && records.size > 0, `${when}: ${RECORDS_FILE} is in IndexedDB (${JSON.stringify(scan.seen.files)})`);
  assert.ok(!records.head.startsWith('SQLite format 3'), `${when}: ${RECORDS_FILE} does not start as plain SQLite`);
}

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

// The PIN screens in both orientations, for a person to look at.
async function shotBoth(page, step) {
  const dir = artifactsDir();
  await page.screenshot({ path: path.join(dir, `records-at-rest-${step}-1024x768.png`) });
  await page.setViewportSize({ width: 768, height: 1024 });
  await waitIdle(page);
  await page.screenshot({ path: path.join(dir, `records-at-rest-${step}-768x1024.png`) });
  await page.setViewportSize({ width: 1024, height: 768 });
  await waitIdle(page);
}

// A PIN of 8 random digits that the PIN rules accept (not one digit repeated).
function randomPin() {
  for (;;) {
    const pin = String(randomInt(0, 1e8)).padStart(8, '0');
    if (new Set(pin).size > 2) return pin;
  }
}

describe('records encrypted at rest', () => {
  const shared = sharedCollectorAndBrowser();
  after(shared.close);

  test('no marker or PIN in any stored byte; reload → PIN; wrong PIN loses nothing; hide locks; forget wipes', async (t) => {
    const { collector, browser } = await shared.get();
    // The real clock: IDBFS writes back only files whose time changed.
    const { context, page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768 });
    const marker = `Markering-${randomBytes(6).toString('hex')}`;
    const pin = randomPin();
    // The settings row (meta: key, value) as SQLite stores it: the two texts side by side.
    const needles = { marker, pin, control: 'setting.municipalityGM0164' }; // Hengelo
    try {
      await waitReady(page);
      await waitIdle(page);
      // A public setting, the positive control: the municipality on the home screen.
      await tap(page, 'combobox', /^Gemeente: /, { exact: false });
      await tap(page, 'option', 'Hengelo');

      // First use: the PIN screen.
      await tap(page, 'button', 'Mijn registraties');
      assert.equal(await lockScreen(page), 'set');
      await shotBoth(page, 'lock-set');
      assert.equal(await unlockRecords(page, pin), 'set');
      assert.equal(await location(page), 'records');

      // A checklist with the marker in both local fields and some answers.
      await tap(page, 'button', '+ Nieuwe checklist');
      await widget(page, 'textbox', 'Jaren').fill('2');
      await waitIdle(page);
      await tap(page, 'button', 'Checklist starten');
      assert.match(await location(page), /^record\/[0-9a-f]{16,64}$/);
      const recordLocation = await location(page);
      await tapAnswer(page, 'J1.1', 'Ja');
      await tapAnswer(page, 'J1.2', 'Nee');
      const reference = widget(page, 'textbox', /^Eigen kenmerk/);
      const note = widget(page, 'textbox', /^Notitie/);
      await reveal(page, reference);
      await reference.fill(marker);
      await waitIdle(page);
      await reveal(page, note);
      await note.fill(`${marker} notitie`);
      await waitIdle(page);
      assert.equal(await reference.inputValue(), marker);
      await tapAnswer(page, 'J1.3', 'Onbekend'); // an answer after the typing: the fields are written
      await saved(page);

      // Unlocked, written back: the stored bytes hold neither marker nor PIN.
      const open = await scanStorage(page, Object.values(needles));
      t.diagnostic(`scanned while unlocked: ${JSON.stringify({ ...open.seen, files: Object.keys(open.seen.files) })}`);
      assertNothingReadable(open, needles, 'unlocked, after the write-back');

      // Reload: the records ask for the PIN; the record's screen stays closed.
      await page.reload();
      await waitReady(page);
      await waitIdle(page);
      assert.equal(await lockScreen(page), 'locked', 'after a reload the records are locked');
      assert.equal(await page.locator('#a11y').getByText(marker, { exact: false }).count(), 0);
      await shotBoth(page, 'lock-locked');
      const locked = await scanStorage(page, Object.values(needles));
      assertNothingReadable(locked, needles, 'locked, after a reload');

      // A wrong PIN: said clearly, and the encrypted file is exactly as it was.
      const wrong = pin.startsWith('1') ? `2${pin.slice(1)}` : `1${pin.slice(1)}`;
      const pinField = page.locator('#a11y').getByLabel('Pincode', { exact: true });
      await pinField.fill(wrong);
      await waitIdle(page, 250);
      await tap(page, 'button', 'Ontgrendelen');
      await page.locator('#a11y').getByText('Pincode onjuist. Er is niets gewist.', { exact: false })
        .waitFor({ state: 'attached', timeout: 20000 });
      assert.equal(await lockScreen(page), 'locked');
      const announced = await page.evaluate(() => window.veldwijzer.announced || []);
      assert.ok(announced.some((a) => a.includes('Pincode onjuist')), `the wrong PIN was announced: ${announced}`);
      await shotBoth(page, 'wrong-pin');
      // The app wiped its copy of the refused PIN; the page's field must not keep it either.
      assert.equal((await pinField.inputValue()).length, 0, "the mirror's password field still holds the refused PIN");
      await saved(page);
      const afterWrong = await scanStorage(page, Object.values(needles));
      assert.equal(afterWrong.seen.files[RECORDS_FILE]?.sha256, locked.seen.files[RECORDS_FILE].sha256,
        'a wrong PIN did not change the records file');

      // The right PIN: the same record, its answers and the marker are back.
      assert.equal(await unlockRecords(page, pin), 'locked');
      assert.equal(await location(page), recordLocation);
      assert.equal(await answer(page, 'J1.1', 'Ja').getAttribute('aria-checked'), 'true');
      assert.equal(await answer(page, 'J1.2', 'Nee').getAttribute('aria-checked'), 'true');
      assert.equal(await answer(page, 'J1.3', 'Onbekend').getAttribute('aria-checked'), 'true');
      assert.equal(await widget(page, 'textbox', /^Eigen kenmerk/).inputValue(), marker);
      assert.equal(await widget(page, 'textbox', /^Notitie/).inputValue(), `${marker} notitie`);

      // The page hidden (another app, the tablet put down): the records lock,
      // nothing of the record stays on screen or in the mirror.
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitIdle(page);
      assert.equal(await lockScreen(page), 'locked', 'hiding the page locked the records');
      assert.equal(await page.locator('#a11y').getByText(marker, { exact: false }).count(), 0);
      assert.equal(await page.locator('#a11y input, #a11y textarea').evaluateAll(
        (fields, m) => fields.filter((f) => f.value.includes(m)).length, marker), 0, 'no field holds the marker');
      await saved(page);
      assertNothingReadable(await scanStorage(page, Object.values(needles)), needles, 'after the page was hidden');

      // "Pincode vergeten?": a clear warning, then everything goes.
      await tap(page, 'button', 'Pincode vergeten?');
      assert.equal(await lockScreen(page), 'forget');
      await page.locator('#a11y').getByText(/^Zonder pincode zijn de gegevens niet terug te halen/).waitFor({ state: 'attached' });
      await shotBoth(page, 'forget');
      await tap(page, 'button', 'Alles wissen');
      assert.equal(await lockScreen(page), 'set', '"Pincode instellen" shows after wiping');
      await page.locator('#a11y').getByText('Alles is gewist. Stel een nieuwe pincode in.').waitFor({ state: 'attached' });
      await saved(page);
      const wiped = await scanStorage(page, Object.values(needles));
      assert.deepEqual(wiped.hits.filter((h) => h.needle === marker || h.needle === pin), []);
      assert.equal(wiped.seen.files[RECORDS_FILE], undefined, 'the records file is gone from IndexedDB');

      // A new PIN opens an empty list: the record is gone, the setting stayed.
      const newPin = randomPin();
      assert.equal(await unlockRecords(page, newPin), 'set');
      await page.evaluate(() => { location.hash = '#/records'; });
      await waitIdle(page);
      assert.equal(await location(page), 'records');
      assert.equal(await page.locator('#a11y').getByRole('link', { name: /^Vroegsignalering JGZ/ }).count(), 0,
        'no record after "Alles wissen"');
      assert.match(await widget(page, 'combobox', /^Gemeente: /, { exact: false }).textContent(), /Hengelo$/);
      await page.screenshot({ path: path.join(artifactsDir(), 'records-at-rest-after-forget.png') });
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
