// Unsent's service worker. It keeps the app's own static files, the page for when there is no
// connection and the quick exit's recipe, and nothing else: pages always come from the server
// and are never stored, so no letter, no form and no page of a writer's is ever in the Cache
// Storage.
"use strict";
var VERSION = {{ version|safe }};
var CACHE = "unsent-static-" + VERSION;
var OFFLINE = {{ offline|safe }};
var EXIT = {{ exit|safe }};
var HELP = {{ help|safe }};
// The editor's quick exit, which carries its unsaved words out with it (a POST).
var LEAVE = new RegExp({{ leave|safe }});
var FILES = {{ files|safe }};
// Kept (empty) while a quick exit has not reached the server: its keys are still open there.
var AWAY = EXIT + "?not-yet-locked";

self.addEventListener("install", function (event) {
  // Fetched without cookies: each file, the offline page and the recipe, as anyone gets them.
  var requests = FILES.concat([OFFLINE, EXIT]).map(function (url) {
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

function kept(url) {
  return caches.match(url, { ignoreVary: true });
}

function away(isAway) {
  return caches.open(CACHE).then(function (cache) {
    return isAway ? cache.put(AWAY, new Response("")) : cache.delete(AWAY);
  });
}

// A quick exit with no connection still leaves at once, for the recipe, and the keys lock on
// the server before the next page is asked for; until then every page is the recipe, so Back
// shows nothing of Unsent either. The words of an editor that could not reach the server are
// lost: they are kept nowhere on the device.
function quickExit(request) {
  return fetch(request).then(function (response) {
    return away(false).then(function () { return response; });
  }, function () {
    return away(true).then(function () { return kept(EXIT); });
  });
}

function page(request) {
  return kept(AWAY).then(function (stillOpen) {
    if (!stillOpen) {
      // A page: from the server, never kept; the offline page only when it can't be reached.
      return fetch(request).catch(function () { return kept(OFFLINE); });
    }
    return fetch(new Request(EXIT, { credentials: "same-origin" }))
      .then(function (locked) {
        if (!locked.ok) throw new Error("the keys may still be open");
        return away(false);
      })
      .then(function () { return fetch(request); })
      .catch(function () {
        // The recipe's Help, with no connection: the offline page, for its emergency numbers.
        return kept(new URL(request.url).pathname === HELP ? OFFLINE : EXIT);
      });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname === EXIT || (request.method === "POST" && LEAVE.test(url.pathname))) {
      event.respondWith(quickExit(request));
    } else if (request.method === "GET") {
      event.respondWith(page(request));
    }
  } else if (request.method === "GET" && FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(kept(url.pathname).then(function (file) {
      return file || fetch(request);
    }));
  }
});
