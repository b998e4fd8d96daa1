// Passkeys for the records vault (issue 22), in Chromium with a virtual
// authenticator (CDP WebAuthn, PRF on, user verification on): the PIN screen
// offers the passkey and says what losing it costs; a checklist recorded
// after setting PIN + passkey comes back after a reload with the same PIN and
// the authenticator's answer; and the vault's IndexedDB files copied into a
// fresh profile without that authenticator do not open with the right PIN.
// Screenshots: passkey-<step>.png at 1024x768 and 768x1024.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { recordChecklist } from './flows.mjs';
import {
  TEST_PIN, artifactsDir, lockScreen, openApp, sharedCollectorAndBrowser, tap, unlockRecords, waitIdle, waitReady,
  widget,
} from './harness.mjs';

const shared = sharedCollectorAndBrowser();
after(() => shared.close());

async function addAuthenticator(page, context) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true, hasPrf: true,
    },
  });
  return { cdp, authenticatorId };
}

// The IDBFS entries of the vault and its .kdf file, as stored.
function vaultEntries(page) {
  return page.evaluate(async () => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await request(indexedDB.open('/data'));
    try {
      const store = db.transaction('FILE_DATA', 'readonly').objectStore('FILE_DATA');
      const out = {};
      for (const key of ['/data/records.sqlite3', '/data/records.sqlite3.kdf']) {
        const value = await request(store.get(key));
        if (value) out[key] = { timestamp: value.timestamp.getTime(), mode: value.mode, contents: Array.from(value.contents) };
      }
      return out;
    } finally {
      db.close();
    }
  });
}

function putEntries(page, entries) {
  return page.evaluate(async (entries) => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await request(indexedDB.open('/data'));
    try {
      const tx = db.transaction('FILE_DATA', 'readwrite');
      for (const [key, v] of Object.entries(entries)) {
        tx.objectStore('FILE_DATA').put({ timestamp: new Date(v.timestamp), mode: v.mode, contents: new Uint8Array(v.contents) }, key);
      }
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    } finally {
      db.close();
    }
  }, entries);
}

async function saved(page) {
  await page.waitForFunction(() => {
    const s = window.veldwijzer.storage;
    return s && !s.pending && !s.busy && !s.timer;
  }, null, { timeout: 15000 });
}

const shot = (page, name) => page.screenshot({ path: path.join(artifactsDir(), `passkey-${name}.png`) });

describe('the vault with a passkey', () => {
  for (const [width, height] of [[1024, 768], [768, 1024]]) {
    test(`PIN + passkey at ${width}x${height}: reload opens with both; a copy without the authenticator stays closed`, async () => {
      const { collector, browser } = await shared.get();
      // WebAuthn needs a domain name: at 127.0.0.1 there are no passkeys.
      const url = collector.url.replace('127.0.0.1', 'localhost');
      const { context, page } = await openApp(browser, url + '/#records', {
        width, height, beforeLoad: addAuthenticator,
      });
      await waitReady(page);
      await waitIdle(page, 250);
      assert.equal(await lockScreen(page), 'set');
      // Offered once the browser says it has an authenticator, explained before choosing.
      await widget(page, 'checkbox', 'Ook beveiligen met dit apparaat (passkey)').waitFor({ timeout: 10000 });
      assert.equal(await widget(page, 'checkbox', 'Ook beveiligen met dit apparaat (passkey)').getAttribute('aria-checked'), 'true');
      await page.locator('#a11y').getByText(/raakt de passkey kwijt/).waitFor();
      await shot(page, `set-${width}x${height}`);

      assert.equal(await unlockRecords(page, TEST_PIN), 'set');
      await recordChecklist(page, { acute: false });
      await saved(page);
      const kdf = await vaultEntries(page);
      const kdfText = Buffer.from(kdf['/data/records.sqlite3.kdf'].contents).toString();
      assert.match(kdfText, /^veldwijzer-vault-kdf 1\nargon2id m=65536 t=2 p=1 passkey=[A-Za-z0-9_-]+\n$/);

      await page.reload({ waitUntil: 'load' });
      await waitReady(page);
      await page.evaluate(() => { window.location.hash = '#records'; });
      await waitIdle(page, 250);
      assert.equal(await lockScreen(page), 'locked');
      await page.locator('#a11y').getByText('Beveiligd met je pincode en de passkey van dit apparaat.').waitFor();
      await shot(page, `locked-${width}x${height}`);
      assert.equal(await unlockRecords(page, TEST_PIN), 'locked');
      await page.locator('#a11y').getByRole('link', { name: /^Vroegsignalering JGZ/ }).first().waitFor();
      await saved(page);
      const entries = await vaultEntries(page);
      await context.close();

      // A fresh profile without the authenticator, given the vault's files.
      const fresh = await openApp(browser, url + '/#records', { width, height });
      await waitReady(fresh.page);
      await fresh.page.goto(url + '/icon.svg'); // same origin, no app running to write /data back
      await putEntries(fresh.page, entries);
      await fresh.page.goto(url + '/#records', { waitUntil: 'load' });
      await waitReady(fresh.page);
      await waitIdle(fresh.page, 250);
      assert.equal(await lockScreen(fresh.page), 'locked');
      assert.equal(await widget(fresh.page, 'checkbox', 'Ook beveiligen met dit apparaat (passkey)').count(), 0);
      const field = fresh.page.locator('#a11y').getByLabel('Pincode', { exact: true });
      await field.fill(TEST_PIN);
      await waitIdle(fresh.page, 250);
      await tap(fresh.page, 'button', 'Ontgrendelen');
      await fresh.page.locator('#a11y').getByText('Deze checklists openen alleen met je pincode en de passkey van dit apparaat.')
        .waitFor({ timeout: 20000 });
      assert.equal(await lockScreen(fresh.page), 'locked');
      await shot(fresh.page, `copied-${width}x${height}`);
      await fresh.context.close();
    });
  }
});
