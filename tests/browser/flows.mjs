// flows.mjs — steps a nurse or an admin takes, shared by the browser tests
// that walk them (sync_flow, https_hostname): the admin's enrolment code, a
// checklist recorded through the UI, waiting for a status line.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireEnv, reveal, tap, waitIdle } from './harness.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const location = (page) => page.evaluate(() => window.veldwijzer.location);

// veldwijzer-collector <args> on the running collector's own database (and
// its assets, for the commands that read the region and checklists).
export function collectorCli(collector, args) {
  const assets = ['enroll-code', 'export'].includes(args[0]) ? ['--assets', path.join(repoRoot, 'assets')] : [];
  return execFileSync(requireEnv('VELDWIJZER_COLLECTOR'), [...args,
    '--db', path.join(collector.dbDir, 'veldwijzer.db'), ...assets], { encoding: 'utf8' });
}

export function enrollmentCode(collector, args) {
  const out = collectorCli(collector, ['enroll-code', ...args, '--base-url', collector.url]);
  const code = out.match(/^code\s+(\S+)/m)?.[1];
  assert.ok(code, `enroll-code printed no code:\n${out}`);
  return code;
}

// What the app shows as text (the accessible mirror), for status lines.
export const mirrorText = (page) => page.locator('#a11y').evaluate((el) => el.textContent);

export async function waitForText(page, pattern, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await mirrorText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the screen never showed ${pattern}; it shows:\n${text}`);
    await page.waitForTimeout(200);
  }
}

export async function go(page, hash) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.waitForFunction((h) => window.veldwijzer.location === h, hash.slice(1), { timeout: 5000 });
  await waitIdle(page, 250);
}

// One checklist through the UI: new, Enschede, start, (the acute J4 item), finish.
export async function recordChecklist(page, { acute }) {
  await go(page, '#records/new');
  await tap(page, 'combobox', /^Gemeente van de cliënt/, { exact: false });
  await tap(page, 'option', 'Enschede');
  await tap(page, 'button', 'Checklist starten');
  assert.match(await location(page), /^record\/[0-9a-f]{16,64}$/);
  if (acute) {
    await tap(page, 'tab', /^J4 /, { exact: false });
    const radio = page.locator('#a11y').getByRole('radiogroup', { name: /^J4\.4 / })
      .getByRole('radio', { name: 'Ja', exact: true });
    await reveal(page, radio);
    await radio.tap({ force: true });
    await waitIdle(page, 250);
    assert.equal(await radio.getAttribute('aria-checked'), 'true');
  }
  await tap(page, 'button', 'Afronden: naar de samenvatting');
  await tap(page, 'button', 'Afronden');
  await page.locator('#a11y [role=status]', { hasText: 'Status: afgerond' }).waitFor();
}

