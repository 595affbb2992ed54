// legalaid's service worker, hand-written because it is this small. offline.js registers it for
// the pages that work offline only (scopes /offline/ and /cases/new): each comes from the network, and
// from the device's copy when there is no connection; the files a page served from that copy
// loads (styles, scripts) come from the device's copy too. Every other request is left to the
// browser, online pages' files to its HTTP cache, where content-named URLs keep them a year.
// What is kept is chosen by offline.js (the shell, the intake forms, the reference lists in
// them), never a case page; offline.js empties both caches on sign-out.
"use strict";

var PAGES = "legalaid-pages";
var FILES = "legalaid-files";
var OFFLINE_PAGE = "/offline/";
var servedOffline = new Set(); // the windows whose page came from the device's copy

self.addEventListener("install", function () {
  self.skipWaiting();
});

// Navigation preload: the browser asks for the page itself while the worker starts, so that
// an online page costs what it cost without a worker (compressed, no added wait).
self.addEventListener("activate", function (event) {
  var preload = self.registration.navigationPreload ? self.registration.navigationPreload.enable() : null;
  event.waitUntil(Promise.all([preload, self.clients.claim()]));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(pageFromNetworkFirst(event));
  } else if (servedOffline.has(event.clientId)) {
    event.respondWith(fileFromDevice(request));
  }
});

function pageFromNetworkFirst(event) {
  return Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(event.request);
  }).catch(function () {
    servedOffline.add(event.resultingClientId);
    return caches.open(PAGES).then(function (cache) {
      return cache.match(event.request, { ignoreVary: true }).then(function (kept) {
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

function fileFromDevice(request) {
  return caches.open(FILES).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request);
    });
  });
}
