// Veldwijzer's service worker: the app shell works offline.
//
// Install precaches this build's files under a cache named for the build, so
// an update never mixes old and new files. A new worker waits until the page
// says so (the nurse taps "vernieuwen"); it never takes over a page in the
// middle of a checklist. Directory API calls go to the network.
const BUILD = '@VELDWIJZER_BUILD_ID@';
const CACHE = `veldwijzer-${BUILD}`;
const SHELL = ['./', 'index.html', 'boot.js', 'app.css', 'app.js', 'a11y.js', 'app.wasm', 'manifest.webmanifest',
  'icon.svg'];

self.addEventListener('install', (event) => {
  // 'no-cache' revalidates with the server (ETag): the bytes the page has just
  // loaded come back as a cheap 304, and a changed file is fetched anew.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('veldwijzer-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname.slice(self.registration.scope.length - self.location.origin.length);
  const shellFile = path === '' ? './' : path;
  // Only the app's own files: the API, /dashboard/, /healthz and /metrics are
  // the collector's pages and go to the network (a navigation to /dashboard/
  // must not get the app's index.html).
  if (!SHELL.includes(shellFile)) return;
  // Cache first: the shell of this build never changes; updates come as a new worker.
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(request.mode === 'navigate' ? 'index.html' : request, { ignoreSearch: true });
    return hit || fetch(request);
  }));
});
