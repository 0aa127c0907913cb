// The door scanner's offline shell (registered by /door only, for the scope /door): a door phone
// that reloads, or is switched back on, where the network is gone still opens the scanner, which
// then works from the list it keeps in IndexedDB. Pages are network first (a fresh app whenever
// the server answers), the app's hashed assets cache first; the API is never cached here.
const CACHE = 'marquee-door-v1';
const SHELL = '/door';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('marquee-door-') && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// the page names the assets it loaded (its scripts, styles and the camera's decoder) to keep
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.keep) ? event.data.keep : [];
  const assets = urls.filter((url) => new URL(url, self.location.origin).pathname.startsWith('/assets/'));
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(assets))
    .then(() => event.source?.postMessage({ kept: assets.length }))
    .catch(() => event.source?.postMessage({ kept: -1 })));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(SHELL, copy)));
        }
        return response;
      })
      .catch(() => caches.match(SHELL).then((kept) => kept ?? Response.error())));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request)));
  }
});
