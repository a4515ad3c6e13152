// Unsent's service worker. It keeps the app's own static files and the page for when there is
// no connection, and nothing else: pages always come from the server and are never stored, so
// no letter, no form and no page of a writer's is ever in the Cache Storage.
"use strict";
var VERSION = {{ version|safe }};
var CACHE = "unsent-static-" + VERSION;
var OFFLINE = {{ offline|safe }};
var FILES = {{ files|safe }};

self.addEventListener("install", function (event) {
  // Fetched without cookies: each file, and the offline page, as anyone would get it.
  var requests = FILES.concat([OFFLINE]).map(function (url) {
    return new Request(url, { credentials: "omit" });
  });
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(requests); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  // An older release's files are of no more use.
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return name !== CACHE; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // A page: from the server, never kept; the offline page only when it can't be reached.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE, { ignoreVary: true });
    }));
  } else if (FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname, { ignoreVary: true }).then(function (kept) {
      return kept || fetch(request);
    }));
  }
});
