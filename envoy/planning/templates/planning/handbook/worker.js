{% autoescape off %}// The service worker of one traveller's handbook (planning/handbook_views.py). It keeps the
// handbook page and the static files it uses: from the network first, so that a changed
// handbook replaces the kept one whenever the phone is online; from the cache when offline.
const CONFIG = {{ config }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CONFIG.cache)
      .then((cache) => cache.addAll([CONFIG.page, ...CONFIG.files]))
      .then(() => self.skipWaiting())
  );
});

// Files of an earlier version (their hashed names have changed since) leave the cache.
self.addEventListener("activate", (event) => {
  const wanted = new Set([CONFIG.page, ...CONFIG.files]);
  event.waitUntil(
    caches.open(CONFIG.cache)
      .then((cache) => cache.keys().then((requests) => Promise.all(
        requests
          .filter((request) => !wanted.has(new URL(request.url).pathname))
          .map((request) => cache.delete(request))
      )))
      .then(() => self.clients.claim())
  );
});

function kept(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  if (url.pathname === CONFIG.page) return CONFIG.page;
  return CONFIG.files.includes(url.pathname) ? url.pathname : null;
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  const key = kept(event.request);
  if (key === null) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        // Only a page that is the handbook itself is kept: not a redirect to the sign-in
        // page, nor an error.
        if (response.ok && response.type === "basic" && !response.redirected) {
          const copy = response.clone();
          event.waitUntil(caches.open(CONFIG.cache).then((cache) => cache.put(key, copy)));
        }
        return response;
      })
      .catch(() =>
        caches.match(key, { cacheName: CONFIG.cache }).then(
          (response) => response || Response.error()
        )
      )
  );
});
{% endautoescape %}
