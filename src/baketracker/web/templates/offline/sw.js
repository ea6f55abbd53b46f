/* Bake Tracker's service worker, served at /sw.js (scope "/"), built on Workbox from npm
   and served locally (never a CDN). The server puts `const PRECACHE = [...]` (the app shell
   with a revision per file) above this comment.

   - The shell (CSS, JS, icons, manifest) is precached; other static files and the sheet
     styles are kept stale-while-revalidate.
   - Pages a baker reads are network-first: fresh when online, the last saved copy when
     not, marked with the time it was saved (the page shows "offline, showing what was
     saved at HH:MM"). Only plain 200 HTML pages of this site are kept: never /api/, never
     the login, never a redirect (a page seen while logged out is not stored).
   - A page asks for the next event's pages to be saved ahead ("warm"); a logout or the
     login page asks for every saved page to be dropped ("clear"). */
/* global workbox, PRECACHE */
"use strict";

importScripts("/static/vendor/workbox/workbox-sw.js");
workbox.setConfig({ debug: false, modulePathPrefix: "/static/vendor/workbox" });
workbox.core.setCacheNameDetails({ prefix: "bt" });

const PAGES = "bt-pages";
const ASSETS = "bt-assets";
const SAVED_AT = "x-bt-saved-at";
const NEVER = ["/login", "/logout", "/sw.js", "/offline/pages", "/openapi.json", "/docs"];

self.addEventListener("install", function () { self.skipWaiting(); });
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(PRECACHE);

function isPage(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith("/api/") &&
    !url.pathname.startsWith("/static/") && NEVER.indexOf(url.pathname) === -1 &&
    !/\.(pdf|csv|json)$/.test(url.pathname);
}

// A copy worth keeping, stamped with when it was saved; null for anything else.
async function stamped(response) {
  if (!response || response.status !== 200 || response.redirected || response.type !== "basic") {
    return null;
  }
  if ((response.headers.get("content-type") || "").indexOf("text/html") === -1) {
    return null;
  }
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  return new Response(await response.clone().blob(),
    { status: response.status, statusText: response.statusText, headers: headers });
}

const savedCopies = {
  cacheWillUpdate: async function (args) { return stamped(args.response); },
  // Served from the cache (the network failed): the page learns when it was saved.
  cachedResponseWillBeUsed: async function (args) {
    const cached = args.cachedResponse;
    if (!cached) {
      return null;
    }
    const saved = cached.headers.get(SAVED_AT) || "";
    const html = (await cached.text()).replace(
      "<head>", '<head><meta name="bt-offline-saved-at" content="' + saved + '">');
    return new Response(html, { status: 200, headers: cached.headers });
  },
};

const pages = new workbox.strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 6,
  plugins: [savedCopies, new workbox.expiration.ExpirationPlugin({ maxEntries: 80 })],
});
workbox.routing.registerRoute(function (options) {
  return options.request.mode === "navigate" && isPage(options.url);
}, pages);
workbox.routing.registerRoute(function (options) {
  const path = options.url.pathname;
  return options.url.origin === self.location.origin &&
    (path.startsWith("/static/") || /^\/sheets\/[^/]+\.(css|js)$/.test(path));
}, new workbox.strategies.StaleWhileRevalidate({ cacheName: ASSETS }));

async function warm(urls) {
  const cache = await caches.open(PAGES);
  let saved = 0;
  for (const url of urls) {
    if (!isPage(new URL(url, self.location.origin))) {
      continue;
    }
    try {
      const copy = await stamped(await fetch(url, { credentials: "same-origin" }));
      if (copy) {
        await cache.put(url, copy);
        saved += 1;
      }
    } catch (error) {
      // Offline or refused: keep whatever copy there was.
    }
  }
  return saved;
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  const reply = function (message) {
    if (event.source) {
      event.source.postMessage(message);
    }
  };
  if (data.type === "warm" && Array.isArray(data.urls)) {
    event.waitUntil(warm(data.urls).then(function (saved) {
      reply({ type: "warmed", saved: saved, at: new Date().toISOString() });
    }));
  } else if (data.type === "clear") {
    event.waitUntil(caches.delete(PAGES).then(function () { reply({ type: "cleared" }); }));
  }
});
