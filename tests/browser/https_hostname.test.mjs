// The app as a region deploys it (issue 19): at its own hostname over HTTPS,
// served by the collector itself. A throwaway CA and a certificate for
// veldwijzer.test are made here with openssl; Chromium maps the name to
// 127.0.0.1 and trusts that one key (--ignore-certificate-errors-spki-list),
// so the page is a secure context as on a tablet: the service worker installs
// and a reload with the network off starts the app. The same name over plain
// HTTP shows the notice that offline use is off there; the plain listener of
// --redirect-http sends the browser to HTTPS. A tablet coupled there records a
// checklist with the network off (after an offline reload) and sends its
// counts when the network is back.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  artifactsDir, freePort, launchBrowser, openApp, startCollector, tap, unlockRecords, waitIdle, waitReady, widget,
} from './harness.mjs';
import { collectorCli, go, recordChecklist, waitForText } from './flows.mjs';

const HOST = 'veldwijzer.test';

function makeCertificate(dir) {
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=Veldwijzer test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${HOST}`,
    '-keyout', 'key.pem', '-out', 'leaf.csr']);
  fs.writeFileSync(path.join(dir, 'san.ext'), `subjectAltName=DNS:${HOST}\n`);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'san.ext', '-out', 'leaf.pem']);
  fs.writeFileSync(path.join(dir, 'cert.pem'),
    fs.readFileSync(path.join(dir, 'leaf.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
  // Chromium's pin: base64 of the SHA-256 of the leaf's SubjectPublicKeyInfo.
  const spki = execFileSync('sh', ['-c', 'openssl x509 -pubkey -noout -in leaf.pem | openssl pkey -pubin -outform der' +
    ' | openssl dgst -sha256 -binary | base64'], { cwd: dir, encoding: 'utf8' }).trim();
  return { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), spki };
}

const mirrorText = (page) => page.locator('#a11y').evaluate((el) => el.textContent);
const MAY = new Date('2024-05-14T10:00:00Z'); // the visit
const JUNE = new Date('2024-06-05T08:00:00Z'); // May ended + 3 days: its counts may go

describe('HTTPS at a hostname', () => {
  let tmp;
  let secure;
  let plain;
  let redirectPort;
  let browser;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veldwijzer-tls-'));
    const { cert, key, spki } = makeCertificate(tmp);
    redirectPort = await freePort();
    secure = await startCollector({
      extraArgs: ['--tls-cert', cert, '--tls-key', key, '--redirect-http', String(redirectPort)],
    });
    plain = await startCollector();
    browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${spki}`]);
  });
  after(async () => {
    await browser?.close();
    await secure?.stop();
    await plain?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const [width, height] of [[768, 1024], [1024, 768]]) {
    test(`${width}×${height}: secure, offline after one visit, HSTS and the app's security headers`, async () => {
      const url = `https://${HOST}:${secure.port}/`;
      const { context, page, problems } = await openApp(browser, url, { width, height, touch: true });
      try {
        await waitReady(page);
        assert.equal(await page.evaluate(() => window.isSecureContext), true);
        assert.equal(await page.locator('#insecure').isVisible(), false, 'no notice on HTTPS');
        await page.waitForFunction(() => window.veldwijzer.offlineReady && navigator.serviceWorker.controller,
          null, { timeout: 30000 });
        const headers = await page.evaluate(async () => {
          const res = await fetch('/', { cache: 'no-store' });
          return Object.fromEntries(['strict-transport-security', 'content-security-policy',
            'referrer-policy'].map((h) => [h, res.headers.get(h)]));
        });
        assert.equal(headers['strict-transport-security'], 'max-age=31536000');
        assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
        assert.equal(headers['referrer-policy'], 'no-referrer');
        // Persistent storage is asked for (headless Chromium answers; a tablet's browser may grant it).
        assert.equal(typeof await page.evaluate(() => navigator.storage.persisted()), 'boolean');

        await tap(page, 'button', 'Over Veldwijzer');
        await page.waitForFunction(() => document.getElementById('a11y').textContent.includes('Werkt zonder netwerk: ja'),
          null, { timeout: 10000 });
        await waitIdle(page);
        await page.screenshot({ path: path.join(artifactsDir(), `https-about-${width}x${height}.png`) });
        await tap(page, 'button', 'Sluiten');

        // The network goes: a reload still starts the app from the service worker.
        await context.setOffline(true);
        await page.reload({ waitUntil: 'load' });
        await waitReady(page);
        await waitIdle(page);
        assert.match(await mirrorText(page), /Zoeken/);
        await page.screenshot({ path: path.join(artifactsDir(), `https-offline-${width}x${height}.png`) });
        await context.setOffline(false);
        const real = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_/.test(p));
        assert.deepEqual(real, [], 'no console errors, CSP violations or failed requests');
      } finally {
        await context.close();
      }
    });
  }

  test('the same name over plain HTTP says that offline use and protected storage are off there', async () => {
    for (const [width, height] of [[768, 1024], [1024, 768]]) {
      const { context, page } = await openApp(browser, `http://${HOST}:${plain.port}/`, { width, height });
      try {
        await waitReady(page);
        assert.equal(await page.evaluate(() => window.isSecureContext), false);
        const notice = page.locator('#insecure');
        assert.equal(await notice.isVisible(), true);
        assert.match(await notice.textContent(), /Dit adres is niet beveiligd \(geen HTTPS\)/);
        assert.match(await notice.textContent(), /This address is not secure \(no HTTPS\)/);
        assert.equal(await page.evaluate(() => window.veldwijzer.offlineReady), false);
        await waitIdle(page);
        await page.screenshot({ path: path.join(artifactsDir(), `http-notice-${width}x${height}.png`) });
        await notice.locator('button').tap();
        assert.equal(await notice.isVisible(), false, 'the nurse can put it away');
        await tap(page, 'button', 'Over Veldwijzer');
        await page.waitForFunction(() => document.getElementById('a11y').textContent
          .includes('Werkt zonder netwerk: nee: dit adres is niet beveiligd'), null, { timeout: 10000 });
        assert.match(await mirrorText(page), /Opslag beschermd: nee: de browser mag de gegevens wissen/);
        await waitIdle(page);
        await page.screenshot({ path: path.join(artifactsDir(), `http-about-${width}x${height}.png`) });
      } finally {
        await context.close();
      }
    }
  });

  test('the plain listener of --redirect-http sends the browser to the HTTPS address', async () => {
    const { context, page } = await openApp(browser, `http://${HOST}:${redirectPort}/`, { width: 768, height: 1024 });
    try {
      await waitReady(page);
      assert.equal(page.url(), `https://${HOST}:${secure.port}/`);
      assert.equal(await page.evaluate(() => window.isSecureContext), true);
    } finally {
      await context.close();
    }
  });

  test('a tablet coupled over HTTPS records a checklist offline, after an offline reload, and sends it when '
    + 'the network is back', async () => {
    const origin = `https://${HOST}:${secure.port}`;
    const out = collectorCli(secure, ['enroll-code', '--org', 'JGZ Twente', '--municipalities', 'GM0153',
      '--base-url', origin]);
    const code = out.match(/^code\s+(\S+)/m)?.[1];
    assert.match(out, new RegExp(`^url\\s+${origin.replace(/\./g, '\\.')}/#enroll/`, 'm'));
    const { context, page, problems } = await openApp(browser, `${origin}/#enroll/${code}`, {
      // The page's clock starts in May and runs (a fixed Date would give every file the same mtime,
      // and IDBFS writes back only files whose mtime changed).
      width: 768, height: 1024, touch: true, beforeLoad: (p) => p.clock.install({ time: MAY }),
    });
    const shot = (step) => page.screenshot({ path: path.join(artifactsDir(), `https-sync-${step}.png`) });
    try {
      await waitReady(page);
      await waitIdle(page);
      assert.equal(await unlockRecords(page), 'set');
      await tap(page, 'button', 'Koppelen');
      await widget(page, 'button', 'Koppeling verwijderen').waitFor({ timeout: 15000 });
      // The coupling is written back to IndexedDB (after a 250 ms debounce) before the page goes.
      await page.waitForTimeout(600);
      await page.waitForFunction(() => !window.veldwijzer.storage.pending && !window.veldwijzer.storage.busy,
        null, { timeout: 10000 });
      await page.waitForFunction(() => window.veldwijzer.offlineReady && navigator.serviceWorker.controller,
        null, { timeout: 30000 });

      // In the kitchen without signal: the app comes back from the service worker, locked.
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await waitReady(page);
      assert.equal(await unlockRecords(page), 'locked');
      await recordChecklist(page, { acute: false });
      await go(page, '#sync');
      await shot('offline-recorded');

      // Back in the car in June: the network returns and the counts go by themselves.
      // Weeks later, the tablet out of the bag (put away, the page was hidden: the records locked).
      await page.clock.setSystemTime(JUNE);
      await page.evaluate(() => {
        for (const state of ['hidden', 'visible']) {
          Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }
      });
      assert.equal(await unlockRecords(page), 'locked');
      await context.setOffline(false);
      await waitForText(page, /Klaar: [1-9]\d* rapport\(en\) ontvangen door de regio\./, 30000);
      await waitIdle(page);
      await shot('sent');
      const copy = path.join(secure.dbDir, 'copy.sqlite3');
      collectorCli(secure, ['backup', '--to', copy]);
      const counted = execFileSync('sqlite3', ['-readonly', copy,
        "SELECT sum(count) FROM counts WHERE period = '2024-05' AND municipality = 'GM0153' AND domain = 'J1'"],
      { encoding: 'utf8' }).trim();
      assert.equal(counted, '1', 'the one visit, counted once');
      const real = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_/.test(p));
      assert.deepEqual(real, [], 'no console errors, CSP violations or failed requests');
    } finally {
      await context.close();
    }
  });
});
