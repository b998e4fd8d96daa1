// Dashboard scenario: the data team opens /dashboard/ on the real collector,
// pastes its read token, and sees signals per domain and per municipality as
// charts and tables, with small counts suppressed ("." and hatched bars).
// The counts arrive as a tablet sends them: a device token from an
// enrollment code (veldwijzer-collector enroll-code), then POST
// /api/v1/reports. The read token comes the same way with --read.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { artifactsDir, openApp, requireEnv, sharedCollectorAndBrowser } from './harness.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TWENTE = ['GM0141', 'GM0147', 'GM1774', 'GM0153', 'GM0158', 'GM0163', 'GM0164', 'GM1735', 'GM0168',
  'GM0173', 'GM1742', 'GM0183', 'GM1700', 'GM0189'];
const INHABITANTS = [73, 24, 26, 160, 24, 36, 81, 35, 23, 32, 38, 21, 34, 25]; // thousands, roughly
const DOMAINS = ['J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'J8', 'J9'];
// Per domain: chance of aandacht, zorg, acuut at a visit (acuut only where the checklist allows it).
const CHANCE = {
  J1: [0.05, 0.02, 0], J2: [0.03, 0.015, 0.003], J3: [0.08, 0.04, 0], J4: [0.02, 0.01, 0.004],
  J5: [0.02, 0.01, 0.002], J6: [0.03, 0.015, 0.003], J7: [0.06, 0.03, 0], J8: [0.04, 0.015, 0], J9: [0.04, 0.02, 0],
};
const LEVELS = ['geen-zorg', 'aandacht', 'zorg', 'acuut'];
const YEAR = 2025;

// Seeded generator (mulberry32): the same counts on every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A year of JGZ visits in Twente (~320 a month), each scoring all nine
// domains; month × municipality × domain signal counts are mostly below 10.
function yearOfCells() {
  const random = rng(2025);
  const poisson = (lambda) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  const total = INHABITANTS.reduce((a, b) => a + b, 0);
  const counts = new Map();
  for (let month = 1; month <= 12; month++) {
    const period = `${YEAR}-${String(month).padStart(2, '0')}`;
    TWENTE.forEach((municipality, m) => {
      const visits = poisson(320 * INHABITANTS[m] / total);
      for (let v = 0; v < visits; v++) {
        for (const domain of DOMAINS) {
          const [aandacht, zorg, acuut] = CHANCE[domain];
          const u = random();
          const level = u < acuut ? 3 : u < acuut + zorg ? 2 : u < acuut + zorg + aandacht ? 1 : 0;
          const key = `${period}|${municipality}|${domain}|${level}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    });
  }
  return [...counts.entries()].map(([key, count]) => {
    const [period, municipality, domain, level] = key.split('|');
    const cell = {
      period, municipality, age_band: '0-3', checklist: 'jgz-vroegsignalering', checklist_version: 1,
      domain, level: LEVELS[Number(level)], count,
    };
    if (level !== '0') cell.route = 'route-wijkteam';
    return cell;
  });
}

// enroll-code on the collector's own database, then POST /api/v1/enroll.
async function enroll(collector, args) {
  const out = execFileSync(requireEnv('VELDWIJZER_COLLECTOR'), ['enroll-code', ...args,
    '--db', path.join(collector.dbDir, 'veldwijzer.db'), '--assets', path.join(repoRoot, 'assets')],
  { encoding: 'utf8' });
  const code = out.match(/^code\s+(\S+)/m)?.[1];
  assert.ok(code, `enroll-code printed no code:\n${out}`);
  const res = await fetch(`${collector.url}/api/v1/enroll`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

async function sendReports(collector, token, cells) {
  for (let i = 0; i < cells.length; i += 2000) {
    const reportId = randomBytes(16).toString('hex');
    const res = await fetch(`${collector.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': reportId },
      body: JSON.stringify({ format: 1, report_id: reportId, cells: cells.slice(i, i + 2000) }),
    });
    const ack = await res.json();
    assert.equal(res.status, 200, JSON.stringify(ack).slice(0, 500));
    assert.equal(ack.status, 'accepted');
  }
}

// Exact signal counts (aandacht + zorg + acuut) per "month|municipality|domain".
function exactSignals(cells) {
  const out = new Map();
  for (const c of cells) {
    if (c.level === 'geen-zorg') continue;
    const key = `${c.period}|${c.municipality}|${c.domain}`;
    out.set(key, (out.get(key) ?? 0) + c.count);
  }
  return out;
}

describe('the data team dashboard', () => {
  const shared = sharedCollectorAndBrowser();
  let tokens;
  const cells = yearOfCells();
  const setup = async () => {
    const { collector, browser } = await shared.get();
    const page = await fetch(`${collector.url}/dashboard/`);
    await page.arrayBuffer();
    assert.equal(page.status, 200, 'the collector does not serve /dashboard/: is install_aggregates_api() ' +
      'called in collector_server.cpp, before the app\'s catch-all route?');
    tokens ??= await (async () => {
      const device = await enroll(collector, ['--org', 'JGZ Twente', '--municipalities', TWENTE.join(',')]);
      assert.equal(device.kind, 'submit');
      const team = await enroll(collector, ['--org', 'GGD Twente datateam', '--read']);
      assert.equal(team.kind, 'read');
      await sendReports(collector, device.token, cells);
      return { read: team.token, submit: device.token };
    })();
    return { collector, browser, tokens };
  };
  after(shared.close);

  test('with the read token it shows signals per domain and per municipality, small counts as "."', async () => {
    const { collector, browser } = await setup();
    const { context, page, problems } = await openApp(browser, `${collector.url}/dashboard/`,
      { width: 1280, height: 800, touch: false });
    try {
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      await page.fill('#token', tokens.read);
      await page.click('#token-submit');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'),
        null, { timeout: 30000 });
      assert.equal(await page.inputValue('#year'), String(YEAR));
      assert.equal(await page.evaluate(() => sessionStorage.getItem('veldwijzer.leestoken')), tokens.read);
      await page.screenshot({ path: path.join(artifactsDir(), 'dashboard-months.png') });

      // Per domain: nine domains and the total, each a chart and a table row.
      assert.equal(await page.locator('#by-domain-chart figure').count(), 10);
      assert.equal(await page.locator('#by-area-chart figure').count(), 15); // 14 municipalities + Twente
      assert.ok(await page.locator('svg .bar').count() > 20, 'bars are drawn');
      assert.ok(await page.locator('svg .bar-suppressed').count() > 20, 'suppressed counts are hatched');
      const headers = await page.locator('#by-domain-table th[scope="col"]').allTextContents();
      assert.deepEqual(headers.slice(1), ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt',
        'nov', 'dec']);
      assert.equal(await page.locator('#by-domain-table th[scope="row"]').count(), 10);

      // Per municipality for J4: every count from 1 to 9 is ".", every number shown is 0 or ≥ 10 (rounded to 5).
      await page.selectOption('#domain', 'J4');
      await page.waitForFunction(() => document.querySelector('#by-area-title').textContent.includes('J4'));
      await page.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'));
      const exact = exactSignals(cells);
      const rows = await page.locator('#by-area-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
        name: tr.querySelector('th').textContent,
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      })));
      assert.equal(rows.length, 15);
      const names = await page.locator('#area option').evaluateAll((os) => os.slice(1).map((o) => [o.textContent, o.value]));
      const codeOf = new Map(names);
      let small = 0;
      for (const row of rows.slice(0, 14)) {
        row.cells.forEach((text, m) => {
          const n = exact.get(`${YEAR}-${String(m + 1).padStart(2, '0')}|${codeOf.get(row.name)}|J4`) ?? 0;
          if (n >= 1 && n <= 9) {
            small++;
            assert.equal(text, '.', `${row.name} month ${m + 1}: ${n} signals must be suppressed`);
          }
          if (text !== '.') {
            const shown = Number(text.replace(/\u202f/g, ''));
            assert.ok(shown === 0 || (shown >= 10 && shown % 5 === 0), `${row.name} month ${m + 1} shows ${text}`);
          }
        });
      }
      assert.ok(small > 10, 'the data has small counts to suppress');
      const labels = await page.locator('#by-area-chart svg text.bar-label').allTextContents();
      for (const label of labels) assert.ok(!/^[1-9]$/.test(label), `a chart shows ${label}`);

      // The charts and tables show what the API gives.
      const api = await (await fetch(`${collector.url}/api/v1/aggregates?checklist=jgz-vroegsignalering` +
        `&from=${YEAR}-01&to=${YEAR}-12&geo=twente&domain=J4&level=signals`,
      { headers: { Authorization: `Bearer ${tokens.read}` } })).json();
      const twente = rows[14];
      assert.equal(twente.name, 'Heel Twente');
      api.rows.forEach((row, m) => {
        const v = row.counts.signals;
        assert.equal(twente.cells[m].replace(/\u202f/g, ''), v === null ? '.' : String(v));
      });

      // Quarters, one municipality.
      await page.click('label[for="period-quarter"]');
      await page.selectOption('#area', 'GM0153');
      await page.waitForFunction(() => document.querySelector('#by-domain-title').textContent.includes('Enschede') &&
        document.querySelectorAll('#by-domain-table thead th').length === 5);
      await page.waitForFunction(() => document.querySelector('#status')?.textContent.includes('geladen'));
      await page.screenshot({ path: path.join(artifactsDir(), 'dashboard-quarters.png') });

      // The CSV download opens in Dutch Excel.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-area')]);
      const csv = fs.readFileSync(await download.path());
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = csv.toString('utf8', 3);
      assert.ok(text.startsWith('checklist;periode;gebied;gemeentecode;domein;domeinnaam;beoordeeld;signalen'));
      assert.ok(text.includes('\r\n'));
      assert.match(text, /;\.(;|\r\n)/);
      assert.equal(download.suggestedFilename(), 'veldwijzer-jgz-vroegsignalering-quarter.csv');

      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });

  test('a device token or an unknown token is refused with a reason, and "Token vergeten" forgets it', async () => {
    const { collector, browser } = await setup();
    const { context, page } = await openApp(browser, `${collector.url}/dashboard/`,
      { width: 1280, height: 800, touch: false });
    try {
      await page.fill('#token', tokens.submit);
      await page.click('#token-submit');
      await page.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
      assert.match(await page.textContent('#login-error'), /token van een tablet/);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('veldwijzer.leestoken')), null);

      await page.fill('#token', 'geen-echt-token');
      await page.click('#token-submit');
      await page.waitForFunction(() => /niet herkend/.test(document.querySelector('#login-error').textContent));
      await page.screenshot({ path: path.join(artifactsDir(), 'dashboard-login-refused.png') });

      await page.fill('#token', tokens.read);
      await page.click('#token-submit');
      await page.waitForSelector('#board:not([hidden])');
      await page.click('#forget');
      await page.waitForSelector('#login:not([hidden])');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('veldwijzer.leestoken')), null);
    } finally {
      await context.close();
    }
  });
});
