// legalaid's service worker, hand-written because it is this small: pages come from the network
// first and from the device's copy when there is no connection; the files a page loads come
// from the device's copy first (their URLs name their content, so a copy is never stale).
// What is kept is chosen by offline.js (the shell, the intake forms, the reference lists in
// them), never a case page; offline.js also empties both caches on logout.
"use strict";

var PAGES = "legalaid-pages";
var FILES = "legalaid-files";
var OFFLINE_PAGE = "/offline/";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(pageFromNetworkFirst(request));
  } else {
    event.respondWith(fileFromDeviceFirst(request));
  }
});

function fileFromDeviceFirst(request) {
  return caches.open(FILES).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request);
    });
  });
}

function pageFromNetworkFirst(request) {
  return fetch(request).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        return kept || cache.match(OFFLINE_PAGE, { ignoreVary: true });
      });
    }).then(function (kept) {
      return kept || new Response("Hors connexion · Offline", {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8" }
      });
    });
  });
}
