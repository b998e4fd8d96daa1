// Every screen of the app, reached the way a person reaches it, for the
// accessibility checks (a11y.test.mjs: axe and reviewed accessibility-tree
// snapshots; bench/a11y_mirror.mjs: axe_violations_serious). One page walks
// through them in order; screen.visit(page, { collector }) brings it to the
// next one (the collector: for a coupling code).

import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireEnv, tap, unlockRecords, waitIdle, widget } from './harness.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// A single-use coupling code from the running collector's own database, as
// its admin prints one (veldwijzer-collector enroll-code).
export function enrollmentCode(collector, municipalities = 'GM0153') {
  const out = execFileSync(requireEnv('VELDWIJZER_COLLECTOR'), ['enroll-code', '--org', 'GGD Twente JGZ',
    '--municipalities', municipalities, '--base-url', collector.url,
    '--db', path.join(collector.dbDir, 'veldwijzer.db'), '--assets', path.join(repoRoot, 'assets')],
  { encoding: 'utf8' });
  const code = out.match(/^code\s+(\S+)/m)?.[1];
  if (!code) throw new Error(`enroll-code printed no code:\n${out}`);
  return code;
}

// axe's serious and critical violations (WCAG 2.1 A/AA and best practice),
// one line per rule with the elements it found, for messages and counts.
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

const go = async (page, hash) => {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await waitIdle(page);
};

export const SCREENS = [
  { name: 'home', visit: async () => {} },
  {
    name: 'about',
    visit: async (page) => {
      // Its offline and storage rows fill in once the service worker and the browser answered.
      await page.waitForFunction(() => window.veldwijzer.offlineReady, null, { timeout: 30000 });
      await tap(page, 'button', 'Over Veldwijzer');
      await page.waitForFunction(() => !document.getElementById('a11y').textContent.includes('nog niet bekend'),
        null, { timeout: 10000 });
      await waitIdle(page);
    },
  },
  {
    name: 'municipality-list',
    visit: async (page) => {
      await tap(page, 'button', 'Sluiten');
      await tap(page, 'combobox', /^Gemeente: /, { exact: false });
    },
  },
  {
    name: 'search',
    visit: async (page) => {
      await tap(page, 'option', 'Enschede');
      await tap(page, 'button', 'Zoeken in de sociale kaart');
      await page.keyboard.type('huislijk geweld');
      await waitIdle(page);
    },
  },
  { name: 'service', visit: (page) => go(page, '#/service/svc-veilig-thuis-twente') },
  { name: 'routes', visit: (page) => go(page, '#/routes') },
  { name: 'route-acute', visit: (page) => go(page, '#/route/route-acuut-gevaar') },
  // The records are behind a PIN (issue 9): first use asks for a new one.
  { name: 'lock-set', visit: (page) => go(page, '#/records') },
  {
    name: 'records-empty',
    visit: async (page) => {
      if ((await unlockRecords(page)) !== 'set') throw new Error('the records did not ask for a new PIN');
    },
  },
  { name: 'new-record', visit: (page) => tap(page, 'button', '+ Nieuwe checklist') },
  {
    name: 'record-acute',
    visit: async (page) => {
      await widget(page, 'textbox', 'Jaren').fill('2');
      await waitIdle(page);
      await tap(page, 'button', 'Checklist starten');
      await tap(page, 'tab', /^J4 /, { exact: false });
      const yes = page.locator('#a11y').getByRole('radiogroup', { name: /^J4\.4 / }).getByRole('radio', { name: 'Ja' });
      await yes.dispatchEvent('click'); // as a screen reader would: it may be below the fold
      await waitIdle(page);
    },
  },
  { name: 'summary', visit: (page) => tap(page, 'button', 'Afronden: naar de samenvatting') },
  { name: 'records', visit: (page) => go(page, '#/records') },
  // Locked by hand ("Vergrendelen"): the PIN screen of every later visit.
  { name: 'lock-locked', visit: (page) => tap(page, 'button', 'Vergrendelen') },
  {
    name: 'sync',
    visit: async (page) => {
      await go(page, '#/sync');
      if ((await unlockRecords(page)) !== 'locked') throw new Error('the sync screen did not ask for the PIN');
    },
  },
  {
    // Coupled with a code, then sent by hand: the result is a status and is announced.
    name: 'sync-enrolled',
    visit: async (page, { collector }) => {
      await widget(page, 'textbox', 'Koppelcode').fill(enrollmentCode(collector));
      await waitIdle(page);
      await tap(page, 'button', 'Koppelen');
      await widget(page, 'button', 'Koppeling verwijderen').waitFor();
      await tap(page, 'button', 'Nu synchroniseren');
      await page.locator('#a11y [role=status]', { hasText: /^Klaar: / }).waitFor();
      await waitIdle(page);
    },
  },
];
