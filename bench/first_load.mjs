// First-load benchmark: how many bytes a cold visit costs on the wire and
// how soon the first frame appears. Prints only `name=value` lines on stdout
// (machine-readable); diagnostics go to stderr.
// Run: node bench/first_load.mjs   (needs VELDWIJZER_COLLECTOR, VELDWIJZER_WEB_ROOT)

import { launchBrowser, openApp, startCollector, waitReady } from '../tests/browser/harness.mjs';

const RUNS = 5;

// One cold load in a fresh context (empty HTTP and code cache). Bytes come
// from CDP because only the network layer knows the compressed wire size:
// encodedDataLength in loadingFinished is body as transferred + headers.
async function coldLoad(browser, url) {
  const requests = new Map(); // requestId -> { url, bytes, done }
  const { context, page, problems } = await openApp(browser, url, {
    width: 1024, height: 768, touch: true, deviceScaleFactor: 1,
    beforeLoad: async (p, ctx) => {
      const cdp = await ctx.newCDPSession(p);
      cdp.on('Network.requestWillBeSent', (e) => {
        requests.set(e.requestId, { url: e.request.url, bytes: 0, done: false });
      });
      cdp.on('Network.loadingFinished', (e) => {
        const r = requests.get(e.requestId);
        if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
      });
      cdp.on('Network.loadingFailed', (e) => {
        const r = requests.get(e.requestId);
        if (r) r.done = true;
      });
      await cdp.send('Network.enable');
    },
  });
  try {
    const state = await waitReady(page);
    // Anything still in flight at ready (late fetches) is part of the load.
    const deadline = Date.now() + 10000;
    while ([...requests.values()].some((r) => !r.done) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (problems.length) throw new Error(`page reported problems:\n  ${problems.join('\n  ')}`);
    return { firstFrameMs: state.firstFrameMs, requests: [...requests.values()] };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const collector = await startCollector();
let browser;
try {
  browser = await launchBrowser();
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    const load = await coldLoad(browser, `${collector.url}/`);
    const bytes = load.requests.reduce((n, r) => n + r.bytes, 0);
    console.error(`run ${i + 1}: first frame ${load.firstFrameMs.toFixed(1)} ms, ${bytes} bytes, ` +
      load.requests.map((r) => `${new URL(r.url).pathname}=${r.bytes}`).join(' '));
    loads.push(load);
  }

  // Bytes from the first load; every load is cold, so the rest only confirm it.
  const first = loads[0].requests;
  const wasm = first.filter((r) => new URL(r.url).pathname.endsWith('/app.wasm'));
  if (wasm.length !== 1) throw new Error(`expected one app.wasm request, saw ${wasm.length}`);
  const frames = loads.map((l) => l.firstFrameMs);

  console.log(`first_load_gz_bytes=${first.reduce((n, r) => n + r.bytes, 0)}`);
  console.log(`wasm_gz_bytes=${wasm[0].bytes}`);
  console.log(`first_frame_ms=${median(frames).toFixed(1)}`);
  console.log(`first_frame_ms_runs=${frames.map((f) => f.toFixed(1)).join(',')}`);
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser?.close();
  await collector.stop();
}
