// Shared helpers for Veldwijzer browser tests and benchmarks: start the real
// collector on a free loopback port, drive Debian's Chromium through
// playwright-core, wait for the app's ready signal, and judge the canvas.
//
// Configuration comes only from the environment so the same files run on any
// machine and in CI:
//   VELDWIJZER_COLLECTOR  path of the veldwijzer-collector binary (required)
//   VELDWIJZER_WEB_ROOT   directory with index.html, app.js, app.wasm (required)
//   CHROMIUM_PATH         browser executable (default: Debian's chromium)
//   VELDWIJZER_ARTIFACTS  where screenshots go (default: <repo>/build/browser-artifacts)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// The network here is closed, so anything that phones home only adds noisy
// failed connections; swiftshader gives WebGL without a GPU.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Missing configuration must fail loudly: a silently skipped browser test
// would look green while testing nothing.
export function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: point it at the ${name === 'VELDWIJZER_COLLECTOR'
      ? 'veldwijzer-collector binary' : 'built web root (index.html, app.js, app.wasm)'}`);
  }
  return value;
}

export function artifactsDir() {
  const dir = process.env.VELDWIJZER_ARTIFACTS || path.join(repoRoot, 'build', 'browser-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Ask the kernel for a free port, then hand it to the collector. There is a
// small race window, acceptable for a single test process on loopback.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Collectors still alive when this process exits (e.g. a test runner
// timeout) would hold ports and temp dirs; kill them synchronously on exit.
const live = new Set();
process.on('exit', () => { for (const p of live) p.kill('SIGKILL'); });

// `extraArgs` are more collector flags. With --tls-cert the collector is
// ready when it says it listens on https (this process does not trust its
// certificate, so /healthz is not asked) and `url` is https.
export async function startCollector({
  webRoot = requireEnv('VELDWIJZER_WEB_ROOT'),
  collector = requireEnv('VELDWIJZER_COLLECTOR'),
  env = {},
  extraArgs = [],
} = {}) {
  const port = await freePort();
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veldwijzer-test-'));
  const args = ['--host', '127.0.0.1', '--port', String(port),
    '--db', path.join(dbDir, 'veldwijzer.db'), '--web-root', webRoot,
    '--assets', path.join(repoRoot, 'assets'), ...extraArgs];
  const tls = extraArgs.includes('--tls-cert');
  const proc = spawn(collector, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);

  const out = [];
  const err = [];
  proc.stdout.setEncoding('utf8').on('data', (d) => out.push(d));
  proc.stderr.setEncoding('utf8').on('data', (d) => err.push(d));
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    proc.once('exit', (code, signal) => { exited = { code, signal }; live.delete(proc); resolve(); });
    // spawn failures (ENOENT, EACCES) emit 'error' and maybe no 'exit'
    proc.once('error', (e) => { err.push(String(e)); exited = { code: null, error: e }; live.delete(proc); resolve(); });
  });

  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const logs = () => ({ stdout: out.join(''), stderr: err.join('') });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      proc.kill('SIGTERM');
      // A collector that ignores SIGTERM must not hang the test run.
      await Promise.race([exitPromise, sleep(5000)]);
      if (!exited) { proc.kill('SIGKILL'); await exitPromise; }
    }
    fs.rmSync(dbDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`collector exited before it was healthy (${JSON.stringify(exited)}):\n${logs().stderr}${logs().stdout}`);
    }
    if (tls) {
      if (out.join('').includes(`listening on https://127.0.0.1:${port}`)) break;
    } else {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok) break;
      } catch { /* not listening yet */ }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`collector did not answer ${url}/healthz within 15 s:\n${logs().stderr}${logs().stdout}`);
    }
    await sleep(100);
  }
  return { url, port, proc, dbDir, logs, stop };
}

export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

// Problems per page, so waitReady can include them when it times out.
const problemsOf = new WeakMap();

// Open the app in a fresh context (fresh cache and storage). `beforeLoad`
// runs between page creation and navigation, for callers that must attach
// instrumentation (e.g. CDP) before the first request goes out.
export async function openApp(browser, url, {
  width = 1024, height = 768, touch = true, deviceScaleFactor = 1, beforeLoad,
} = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor,
    hasTouch: touch,
    isMobile: false,
  });
  const page = await context.newPage();
  const problems = [];
  problemsOf.set(page, problems);
  page.on('console', (msg) => {
    // Chromium's own "Failed to load resource" lines carry no URL in the
    // text (and favicon misses raise no response event), so add the source.
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} [${msg.location().url}]`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack || e.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  if (beforeLoad) await beforeLoad(page, context);
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, problems };
}

// Resolve once the app reports ready; reject with the app's own error text
// if it reports one, so a failing test says why rather than "timeout".
export async function waitReady(page, timeout = 30000) {
  try {
    await page.waitForFunction(() => {
      const v = window.veldwijzer;
      return !!v && (v.ready === true || typeof v.error === 'string');
    }, null, { timeout, polling: 100 });
  } catch (e) {
    const state = await page.evaluate(() => JSON.stringify(window.veldwijzer ?? null)).catch(() => '?');
    const problems = problemsOf.get(page) ?? [];
    throw new Error(`app not ready within ${timeout} ms; window.veldwijzer=${state}` +
      (problems.length ? `\nproblems:\n  ${problems.join('\n  ')}` : ''), { cause: e });
  }
  const v = await page.evaluate(() => window.veldwijzer);
  if (typeof v.error === 'string') throw new Error(`app reported error: ${v.error}`);
  return v;
}

// Minimal PNG decoder: 8-bit RGB/RGBA, non-interlaced, which is what
// Chromium's screenshots are. Returns { width, height, channels, pixels }.
export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width, height, channels;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[colourType];
      if (depth !== 8 || !channels || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len; // length + type + data + crc
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels] : 0; // left
      const b = y > 0 ? pixels[out + x - stride] : 0; // up
      const c = x >= channels && y > 0 ? pixels[out + x - stride - channels] : 0; // up-left
      let v = line[x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: { // Paeth
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      pixels[out + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

// Colour statistics of the canvas as composited on screen. A screenshot is
// used rather than reading the canvas because WebGL's drawing buffer may be
// cleared after presenting (preserveDrawingBuffer: false).
export async function canvasColourStats(page) {
  const { width, height, channels, pixels } = decodePng(await page.locator('#canvas').screenshot());
  const counts = new Map();
  for (let i = 0; i < pixels.length; i += channels) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = width * height;
  const dominantShare = Math.max(...counts.values()) / total;
  return { width, height, distinct: counts.size, dominantShare };
}

// True if the canvas shows a real rendering rather than a clear colour
// (or a never-drawn canvas). Polls for a short while: Dear ImGui hides
// auto-sized windows on their first frame, so the frame that sets `ready`
// can legitimately be blank and the UI appears a frame or two later.
export async function canvasHasContent(page, { timeout = 5000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const s = await canvasColourStats(page);
    if (s.distinct >= 8 && s.dominantShare <= 0.98) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}

// Render on demand: the app is idle once no frame was drawn for `quietMs`.
// Waits for that (input is handed to the UI over several frames).
export async function waitIdle(page, quietMs = 400, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last = await page.evaluate(() => window.veldwijzer.frames);
  let since = Date.now();
  while (Date.now() < deadline) {
    await page.waitForTimeout(100);
    const now = await page.evaluate(() => window.veldwijzer.frames);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
  }
  throw new Error('the app kept drawing frames; it never went idle');
}

// One collector and one browser for a whole test file, started on first use
// inside a test (a failing before() hook would only mark tests "cancelled";
// this way each test fails with the real cause). Call close() in after().
export function sharedCollectorAndBrowser() {
  let started;
  const get = () => (started ??= (async () => {
    const collector = await startCollector();
    try {
      return { collector, browser: await launchBrowser() };
    } catch (e) {
      await collector.stop();
      throw e;
    }
  })());
  const close = async () => {
    const s = await started?.catch(() => null);
    await s?.browser.close();
    await s?.collector.stop();
  };
  return { get, close };
}

// --- Widgets by role and name, through the accessible mirror (issue 8) -------
// The mirror (#a11y) is a transparent layer of elements over the canvas, one
// per item the app shows, with ARIA roles and names. Tests find widgets there
// the way a person names them; the touch itself goes where the element is.

// The widget with this role and name (exact unless told otherwise).
export function widget(page, role, name, { exact = true } = {}) {
  return page.locator('#a11y').getByRole(role, { name, exact });
}

// A finger on the widget: a real touch at the element's centre, which falls
// through the mirror (pointer-events: none) onto the canvas, where the app
// handles it as any tap. Off-screen widgets are scrolled into view first.
export async function tap(page, role, name, options) {
  const target = widget(page, role, name, options);
  await reveal(page, target);
  await target.tap({ force: true });
  await waitIdle(page, 250);
}

// The widget activated as a screen reader or voice control does it: a click
// event on the element itself (no coordinates), which the mirror hands to the app.
export async function activate(page, role, name, options) {
  await widget(page, role, name, options).dispatchEvent('click');
  await waitIdle(page, 250);
}

// --- The records' PIN lock (issue 9) --------------------------------------
// The record and sync screens show a PIN screen in their place while the
// records are locked: "Pincode instellen" on first use, "Checklists
// vergrendeld" after that (every reload: the page locks when hidden). Its
// fields are <input type="password">, which has no implicit ARIA role, so
// they are found by their label.
export const TEST_PIN = '246810';

// Which PIN screen shows: 'set', 'locked', 'forget' (the "Pincode vergeten?"
// warning) or null when the records are open or another screen shows.
export async function lockScreen(page) {
  const heading = (name) => page.locator('#a11y').getByRole('heading', { name, exact: true });
  if (await heading('Pincode instellen').count()) return 'set';
  if (await heading('Checklists vergrendeld').count()) return 'locked';
  if (await heading('Pincode vergeten?').count()) return 'forget';
  return null;
}

// The lock screen's message ("Pincode onjuist. …"), or '' when it shows none.
async function lockMessage(page) {
  const message = /^(Pincode onjuist|Te vaak|De twee pincodes|Kies |De versleutelde|Alles is gewist)/;
  return (await page.locator('#a11y').getByText(message).allTextContents()).join(' | ');
}

// Sets the PIN (first use) or unlocks with it, through the mirror the way a
// tablet's keyboard types it, and waits until the PIN screen is gone.
// Nothing to do when the records are already open. Returns what it did.
export async function unlockRecords(page, pin = TEST_PIN, { timeout = 20000 } = {}) {
  await waitIdle(page, 250);
  const shown = await lockScreen(page);
  if (shown === null) return null;
  const field = (label) => page.locator('#a11y').getByLabel(label, { exact: true });
  if (shown === 'set') {
    await field('Nieuwe pincode').fill(pin);
    await field('Herhaal pincode').fill(pin);
    await waitIdle(page, 250);
    await tap(page, 'button', 'Pincode instellen');
  } else if (shown === 'locked') {
    await field('Pincode').fill(pin);
    await waitIdle(page, 250);
    await tap(page, 'button', 'Ontgrendelen');
  } else {
    throw new Error('the "Pincode vergeten?" warning shows: unlockRecords will not choose for the user');
  }
  // The key derivation takes a moment; the screen goes once the vault is open.
  const deadline = Date.now() + timeout;
  while ((await lockScreen(page)) !== null) {
    if (Date.now() > deadline) {
      throw new Error(`the PIN screen (${shown}) stayed after entering the PIN: ${await lockMessage(page) || 'no message'}`);
    }
    await page.waitForTimeout(100);
  }
  await waitIdle(page, 250);
  return shown;
}

// Scrolls the screen under a finger (the mouse wheel over the canvas) until
// the element is fully on screen.
export async function reveal(page, target) {
  const viewport = page.viewportSize();
  for (let attempt = 0; attempt < 20; attempt++) {
    const box = await target.boundingBox();
    if (!box) throw new Error(`no such widget to reveal: ${target}`);
    if (box.y >= 0 && box.y + box.height <= viewport.height) return;
    const delta = box.y < 0 ? Math.max(box.y - 60, -400) : Math.min(box.y + box.height - viewport.height + 60, 400);
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, delta);
    await waitIdle(page, 200);
  }
  throw new Error(`could not scroll ${target} into view`);
}

// Keyboard only: presses `key` until the focused element (which follows the
// app's keyboard focus) is the widget wanted; returns how many presses it took.
export async function pressUntilFocused(page, key, role, name, { max = 80 } = {}) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key);
    await waitIdle(page, 150);
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.closest('#a11y')) return null;
      return { role: el.getAttribute('role') || (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? 'textbox' : ''),
        name: el.getAttribute('aria-label') || el.textContent };
    });
    if (focused && focused.role === role && (name instanceof RegExp ? name.test(focused.name) : focused.name === name)) {
      return presses;
    }
  }
  throw new Error(`${key} never reached ${role} "${name}"`);
}

// The same fixed moment for every page of a test (Date only; timers run):
// opening hours read the same on every run. Not for pages that save records:
// IDBFS writes back only files whose modification time changed.
export const FIXED_NOW = new Date('2024-05-14T10:00:00Z'); // a Tuesday, 12:00 in Enschede
export async function fixClock(page) {
  await page.clock.setFixedTime(FIXED_NOW);
}
