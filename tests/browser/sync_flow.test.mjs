// Issue 6, the whole way on a touch tablet (1024x768): the admin prints an
// enrollment code (veldwijzer-collector enroll-code), the tablet opens
// #enroll/<code> and couples; ten checklists are completed in May through
// the UI; once May is sealed (ended + 3 days) the tablet is offline, so
// "Nu synchroniseren" fails and the counts stay queued; back online, the
// browser's `online` event alone makes the app send them; the collector's
// aggregates API and its dashboard then show them, small cells suppressed.
//
// The app reads the time through Date (emscripten's time()), so the page's
// Date is fixed with Playwright's clock — first in May, then in June — while
// timers keep running. The tablet's records and token are behind a PIN
// (issue 9): the coupling screen asks for one first. Screenshots: sync-flow-<step>.png.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, launchBrowser, openApp, startCollector, tap, unlockRecords, waitIdle, waitReady, widget,
} from './harness.mjs';
import {
  collectorCli, enrollmentCode, go, location, recordChecklist, waitForText,
} from './flows.mjs';

const MAY = new Date('2024-05-14T10:00:00Z'); // the visits: 12:00 in Enschede
const JUNE = new Date('2024-06-05T08:00:00Z'); // May ended + 3 days: its counts may go
const RECORDS = 10; // the minimum cell: May's "beoordeeld" per domain is published
const ACUTE = 2; // records with the acute J4 item: a small cell, to be suppressed
const CHECKLIST = 'jgz-vroegsignalering';

async function aggregates(collector, token, query) {
  const res = await fetch(`${collector.url}/api/v1/aggregates?checklist=${CHECKLIST}&${query}`,
    { headers: { Authorization: `Bearer ${token}` } });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

describe('counts from a tablet reach the region', () => {
  let collector;
  let browser;
  after(async () => {
    await browser?.close();
    await collector?.stop();
  });

  test('enrol by link, record in May, fail offline in June, send on "online", see the counts arrive suppressed', async () => {
    const started = Date.now();
    collector = await startCollector();
    browser = await launchBrowser();
    const code = enrollmentCode(collector, ['--org', 'JGZ Twente', '--municipalities', 'GM0153']);
    const { context, page, problems } = await openApp(browser, `${collector.url}/#enroll/${code}`, {
      width: 1024, height: 768, touch: true,
      beforeLoad: (p) => p.clock.setFixedTime(MAY),
    });
    const shot = (step) => page.screenshot({ path: path.join(artifactsDir(), `sync-flow-${step}.png`) });
    try {
      await waitReady(page);
      await waitIdle(page);

      // Coupling: the link filled in the code; first a PIN (the token is kept
      // encrypted with it), then one tap on "Koppelen".
      assert.equal(await location(page), 'sync');
      assert.equal(await unlockRecords(page), 'set');
      assert.equal(await location(page), 'sync');
      await tap(page, 'button', 'Koppelen');
      // "Gekoppeld aan …" is plain text, not in the accessible mirror (see the
      // report); the coupled screen offers "Koppeling verwijderen" instead of "Koppelen".
      await widget(page, 'button', 'Koppeling verwijderen').waitFor({ timeout: 15000 });
      assert.equal(await widget(page, 'button', 'Koppelen').count(), 0);
      const tokens = collectorCli(collector, ['tokens']);
      assert.match(tokens, /submit\s+JGZ Twente\s+GM0153/, 'the collector lists the tablet\'s token');
      await shot('enrolled');

      // Ten visits in May, two of them with the acute J4 item.
      for (let i = 0; i < RECORDS; i++) await recordChecklist(page, { acute: i < ACUTE });
      await go(page, '#sync');
      await tap(page, 'button', 'Nu synchroniseren'); // May is not over: nothing may leave yet
      await waitForText(page, /Klaar: 0 rapport\(en\) ontvangen door de regio\./);
      await shot('waiting-for-month');

      // June 5th, no network: the counts are made, the send fails, they stay queued.
      // Three weeks later the tablet comes out of the bag: it was put away
      // (the page hidden), so the records and the token are locked again.
      await page.clock.setFixedTime(JUNE);
      await context.setOffline(true);
      await page.evaluate(() => {
        for (const state of ['hidden', 'visible']) {
          Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }
      });
      assert.equal(await unlockRecords(page), 'locked', 'the tablet put away locked the records');
      assert.equal(await location(page), 'sync');
      await tap(page, 'button', 'Nu synchroniseren');
      await waitForText(page, /Geen verbinding\. De tellingen blijven bewaard/);
      await waitIdle(page);
      await shot('offline');

      const team = enrollmentCode(collector, ['--org', 'GGD Twente datateam', '--read']);
      const enrolled = await fetch(`${collector.url}/api/v1/enroll`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: team }),
      });
      const readToken = (await enrolled.json()).token;
      assert.equal(enrolled.status, 200);
      const before = await aggregates(collector, readToken, 'from=2024-05&to=2024-05&municipality=GM0153');
      assert.ok(before.rows.every((r) => r.counts.assessed === 0), 'nothing arrived while offline');

      // The network comes back at once, well inside the backoff (15-45 s after
      // the failure): the `online` handler sends anyway. The retry timer is
      // cleared so that only the browser's `online` event can send.
      await page.evaluate(() => {
        const wakeup = window.Module?.veldwijzerWakeup;
        if (wakeup?.timer) { clearTimeout(wakeup.timer); wakeup.timer = 0; }
      });
      await context.setOffline(false);
      const done = await waitForText(page, /Klaar: [1-9]\d* rapport\(en\) ontvangen door de regio\./);
      assert.match(done, /\d{2}:\d{2} {2}ontvangen/, 'the log lists the report as received');
      await waitIdle(page);
      await shot('sent');

      // The counts arrived: May, Enschede, per domain.
      const may = await aggregates(collector, readToken, 'from=2024-05&to=2024-05&municipality=GM0153');
      assert.equal(may.rows.length, 9, JSON.stringify(may.rows));
      const j4 = may.rows.find((r) => r.domain === 'J4');
      assert.equal(j4.counts.acuut, null, `${ACUTE} acute signals are suppressed`);
      assert.equal(j4.counts.signals, null, 'and so is the signal total they make up');
      const published = may.rows.filter((r) => r.counts.assessed === RECORDS);
      assert.ok(published.length >= 1, `a domain shows its ${RECORDS} assessments: ${JSON.stringify(may.rows)}`);
      for (const row of may.rows) {
        for (const [level, n] of Object.entries(row.counts)) {
          assert.ok(n === null || n === 0 || (n >= 10 && n % 5 === 0), `${row.domain} ${level} shows ${n}`);
        }
      }
      // The data team's export (the same CSV as the API's) shows the same J4 figures.
      const csv = collectorCli(collector, ['export', '--from', '2024-05', '--to', '2024-05', '--municipality',
        'GM0153', '--domain', 'J4']);
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => l.split(';'));
      assert.deepEqual(lines[0].slice(0, 6), ['checklist', 'periode', 'gebied', 'gemeentecode', 'domein', 'domeinnaam']);
      assert.equal(lines.length, 2, csv);
      assert.deepEqual(lines[1].slice(0, 5), [CHECKLIST, '2024-05', 'Enschede', 'GM0153', 'J4']);
      const shown = (n) => (n === null ? '.' : String(n));
      assert.deepEqual(lines[1].slice(6), ['assessed', 'signals', 'aandacht', 'zorg', 'acuut', 'geen-zorg']
        .map((level) => shown(j4.counts[level])));

      // The exact figures, which only the admin sees: a consistent copy taken
      // while the collector serves (veldwijzer-collector backup), read with sqlite3.
      const copy = path.join(collector.dbDir, 'copy.sqlite3');
      assert.match(collectorCli(collector, ['backup', '--to', copy]), /integrity_check ok/);
      const exact = execFileSync('sqlite3', ['-readonly', copy, "SELECT domain || ':' || level || '=' || sum(count)" +
        " FROM counts WHERE period = '2024-05' AND municipality = 'GM0153' GROUP BY domain, level ORDER BY 1"],
      { encoding: 'utf8' }).trim().split('\n');
      const expected = ['J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'J8', 'J9'].flatMap((d) => (d === 'J4'
        ? [`J4:acuut=${ACUTE}`, `J4:geen-zorg=${RECORDS - ACUTE}`] : [`${d}:geen-zorg=${RECORDS}`]));
      assert.deepEqual(exact, expected.sort(), 'every domain of every record counted exactly once');
      const metrics = await (await fetch(`${collector.url}/metrics`,
        { headers: { Authorization: `Bearer ${readToken}` } })).text();
      assert.match(metrics, /veldwijzer_reports_total\{outcome="duplicate"\} 0\n/);

      // The dashboard, with the read token, on the data team's own browser: in
      // the tablet's browser the app's service worker answers /dashboard/ with
      // the app (see the report).
      const office = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const dash = await office.newPage();
      dash.on('pageerror', (e) => problems.push(`dashboard pageerror: ${e.message}`));
      await dash.goto(`${collector.url}/dashboard/`, { waitUntil: 'load' });
      await dash.fill('#token', readToken);
      await dash.click('#token-submit');
      await dash.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'),
        null, { timeout: 30000 });
      assert.equal(await dash.inputValue('#year'), '2024');
      await dash.selectOption('#area', 'GM0153');
      await dash.selectOption('#measure', 'assessed');
      await dash.waitForFunction(() => document.querySelector('#by-domain-title').textContent.includes('Enschede') &&
        document.querySelector('#by-domain-title').textContent.includes('Beoordeeld'));
      await dash.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'));
      const mayColumn = await dash.locator('#by-domain-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelectorAll('td')[4].textContent]));
      assert.ok(mayColumn.some(([, v]) => v === String(RECORDS)), `May shows ${RECORDS}: ${JSON.stringify(mayColumn)}`);
      await dash.screenshot({ path: path.join(artifactsDir(), 'sync-flow-dashboard-assessed.png'), fullPage: true });

      await dash.selectOption('#measure', 'acuut');
      await dash.waitForFunction(() => document.querySelector('#by-domain-title').textContent.includes('Acuut'));
      await dash.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'));
      const acute = await dash.locator('#by-domain-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelectorAll('td')[4].textContent]));
      const j4Row = acute.find(([name]) => /^J4\b/.test(name));
      assert.ok(j4Row, JSON.stringify(acute));
      assert.equal(j4Row[1], '.', `J4's ${ACUTE} acute signals in May are suppressed on the dashboard`);
      assert.ok(await dash.locator('svg .bar-suppressed').count() > 0, 'suppressed counts are hatched');
      await dash.screenshot({ path: path.join(artifactsDir(), 'sync-flow-dashboard-acute.png'), fullPage: true });

      await office.close();

      assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), [], 'page reported problems');
      const seconds = (Date.now() - started) / 1000;
      console.log(`sync_flow_seconds=${seconds.toFixed(1)}`);
      assert.ok(seconds < 150, `the scenario took ${seconds.toFixed(1)} s`);
    } finally {
      await context.close();
    }
  });
});
