// boot.js — the shell page's start-up, before a11y.js and app.js: Emscripten's
// Module, the start-up problem box, the notice for an address that is not
// secure, and the service worker. A file, not inline script: the page's
// Content-Security-Policy allows only the collector's own scripts.
window.veldwijzer = { ready: false };
function veldwijzerProblem(text) {
  window.veldwijzer.error = text;
  const box = document.getElementById('problem');
  box.textContent = 'Veldwijzer kan niet starten: ' + text;
  box.style.display = 'block';
}
var Module = {
  canvas: document.getElementById('canvas'),
  print: function (text) { console.log(text); },
  printErr: function (text) { console.warn(text); },
  onAbort: function (what) { veldwijzerProblem(String(what)); },
};
// Offline: the service worker keeps this build's files. A new build waits
// until the user chooses to reload, so a half-filled form is never lost.
// Registered once the app is on screen: precaching must not compete with
// the first load for the network.
function registerServiceWorker() {
  navigator.serviceWorker.register('sw.js').then(function (registration) {
    const banner = document.getElementById('update');
    const offer = function (worker) {
      banner.style.display = 'flex';
      banner.querySelector('button').onclick = function () { worker.postMessage('skip-waiting'); };
    };
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', function () {
      const worker = registration.installing;
      worker.addEventListener('statechange', function () {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', function () {
      if (navigator.serviceWorker.controller && banner.style.display === 'flex' && !reloading) {
        reloading = true;
        window.location.reload();
      }
    });
    // Active means installed: this build's files are in the cache.
    navigator.serviceWorker.ready.then(function () {
      window.veldwijzer.offlineReady = true;
      if (Module._veldwijzer_offline_ready) Module._veldwijzer_offline_ready(1);
    });
  }).catch(function (error) {
    console.warn('Veldwijzer: offline gebruik niet beschikbaar', error);
    if (Module._veldwijzer_offline_ready) Module._veldwijzer_offline_ready(0);
  });
}
if ('serviceWorker' in navigator) {
  (function whenReady() {
    if (window.veldwijzer.ready || window.veldwijzer.error) registerServiceWorker();
    else setTimeout(whenReady, 100);
  })();
}

// Browsers give service workers and persistent storage only to secure
// contexts (HTTPS, or localhost). Anywhere else the app still runs, but a
// reload without network fails and the browser may clear its data: say so
// rather than pretend (docs/DEPLOY.md tells the IT team how to serve HTTPS).
window.veldwijzer.secureContext = window.isSecureContext;
window.veldwijzer.offlineReady = false;
if (!window.isSecureContext) {
  const notice = document.getElementById('insecure');
  notice.style.display = 'block';
  notice.querySelector('button').onclick = function () { notice.style.display = 'none'; };
}
