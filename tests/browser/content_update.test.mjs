// Content updates in the browser: a collector with a newer directory than the
// one built into the app. The app fetches it at start (fetch passes the ETag
// through to core), switches, finds the new service, says so on the sync
// screen (behind the records' PIN, issue 9), and the next check is a 304
// against the stored copy's ETag.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import {
  artifactsDir, launchBrowser, openApp, requireEnv, tap, unlockRecords, waitIdle, waitReady, widget,
} from './harness.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A copy of assets/ whose directory has one service more (and a new version).
function newerAssets() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veldwijzer-content-'));
  fs.cpSync(path.join(repoRoot, 'assets'), path.join(dir, 'assets'), { recursive: true });
  const file = path.join(dir, 'assets', 'directory', 'twente.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  doc.dataset.version = '2026-12-01.1';
  doc.services.push({ ...doc.services[0], id: 'svc-dakgoot-test', name: 'Dakgootloket Twente', alternate_name: null });
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// harness.startCollector serves the repository's assets; this one serves the copy.
async function startCollector(dir) {
  const port = await freePort();
  const proc = spawn(requireEnv('VELDWIJZER_COLLECTOR'), ['--host', '127.0.0.1', '--port', String(port),
    '--db', path.join(dir, 'collector.db'), '--web-root', requireEnv('VELDWIJZER_WEB_ROOT'),
    '--assets', path.join(dir, 'assets')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  proc.stdout.setEncoding('utf8').on('data', (d) => out.push(d));
  proc.stderr.setEncoding('utf8').on('data', (d) => out.push(d));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (i > 150) { proc.kill('SIGKILL'); throw new Error(`collector did not start:\n${out.join('')}`); }
    await sleep(100);
  }
  const stop = async () => {
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    proc.kill('SIGKILL');
  };
  return { url, log: () => out.join(''), stop };
}

const contentLines = (log) => log.split('\n').filter((l) => l.includes(' /api/v1/content/'))
  .map((l) => l.split(' ').slice(2, 5).join(' ')); // "GET /api/v1/content/directory 200"

describe('content updates', () => {
  const dir = newerAssets();
  let collector;
  let browser;
  after(async () => {
    await browser?.close();
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a newer directory from the collector is used, shown, and then answered with 304', async () => {
    collector = await startCollector(dir);
    browser = await launchBrowser();
    const { context, page, problems } = await openApp(browser, `${collector.url}/`, { width: 1024, height: 768 });
    try {
      await waitReady(page);
      await waitIdle(page);
      // The built-in checklists match the collector's (304); the directory does not (200).
      for (let i = 0; i < 50 && contentLines(collector.log()).length < 2; i++) await sleep(100);
      assert.deepEqual(contentLines(collector.log()),
        ['GET /api/v1/content/directory 200', 'GET /api/v1/content/checklists 304']);

      await tap(page, 'button', 'Zoeken in de sociale kaart');
      await page.keyboard.type('dakgootloket');
      await waitIdle(page);
      await widget(page, 'link', 'Dakgootloket Twente', { exact: false }).waitFor({ timeout: 5000 });

      // The browser coming online asks again, naming the stored copy: 304.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      for (let i = 0; i < 50 && contentLines(collector.log()).length < 4; i++) await sleep(100);
      assert.deepEqual(contentLines(collector.log()).slice(2),
        ['GET /api/v1/content/directory 304', 'GET /api/v1/content/checklists 304']);

      await page.evaluate(() => { window.location.hash = '#/sync'; });
      await waitIdle(page);
      assert.equal(await unlockRecords(page), 'set');
      await widget(page, 'status', 'Gegevens bijgewerkt', { exact: false }).or(
        page.locator('#a11y').getByText('Gegevens bijgewerkt', { exact: false })).first().waitFor({ timeout: 5000 });
      await page.screenshot({ path: path.join(artifactsDir(), 'content-update-sync-1024x768.png') });
      await page.setViewportSize({ width: 768, height: 1024 });
      await waitIdle(page);
      await page.screenshot({ path: path.join(artifactsDir(), 'content-update-sync-768x1024.png') });
      assert.deepEqual(problems, [], 'page reported problems');
    } finally {
      await context.close();
    }
  });
});
