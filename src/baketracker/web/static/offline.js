// The kitchen phone: installs the service worker, saves the baker's pages ahead, says when
// a page is a saved copy, and clears saved pages at login and logout. No inline scripts (CSP).
(function () {
  "use strict";

  var bt = window.bakeTracker = window.bakeTracker || {};
  // Pages are saved ahead at most every 10 minutes, every minute from the dashboard.
  var WARM_EVERY_MS = 10 * 60 * 1000;
  var WARM_DASHBOARD_MS = 60 * 1000;
  var WARMED_KEY = "bt-offline-warmed-at";

  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function statusArea() {
    return document.getElementById("offline-status");
  }

  // "Offline, showing what was saved at HH:MM" on a page the worker served from its cache.
  function showSavedCopyNote() {
    var meta = document.querySelector('meta[name="bt-offline-saved-at"]');
    var area = statusArea();
    if (!meta || !area) {
      return;
    }
    var saved = new Date(meta.getAttribute("content"));
    var note = document.createElement("p");
    note.className = "notice warn offline-note";
    note.setAttribute("role", "status");
    note.textContent = isNaN(saved.getTime())
      ? "Offline, showing a saved copy of this page."
      : "Offline, showing what was saved at " + hhmm(saved) + ".";
    area.prepend(note);
  }

  function worker() {
    return navigator.serviceWorker && navigator.serviceWorker.controller;
  }

  // Drop every saved page (another person may log in next on this phone).
  bt.clearOfflineData = function () {
    var done = window.caches ? window.caches.delete("bt-pages") : Promise.resolve(false);
    var active = worker();
    if (active) {
      active.postMessage({ type: "clear" });
    }
    try {
      window.localStorage.removeItem(WARMED_KEY);
    } catch (error) { /* storage off: nothing to forget */ }
    return done;
  };

  function warm(registration, onDashboard) {
    var last = 0;
    try {
      last = Number(window.localStorage.getItem(WARMED_KEY) || 0);
    } catch (error) { /* storage off: warm every time */ }
    if (!navigator.onLine || Date.now() - last < (onDashboard ? WARM_DASHBOARD_MS : WARM_EVERY_MS)) {
      return;
    }
    fetch("/offline/pages", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && registration.active) {
          bt.csrfToken = data.csrf_token;
          registration.active.postMessage({ type: "warm", urls: data.pages });
        }
      })
      .catch(function () { /* offline meanwhile: next time */ });
  }

  function start() {
    showSavedCopyNote();
    if (!("serviceWorker" in navigator)) {
      return;
    }
    if (window.location.pathname === "/login") {
      bt.clearOfflineData();
    }
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "warmed") {
        try {
          window.localStorage.setItem(WARMED_KEY, String(Date.now()));
        } catch (error) { /* storage off */ }
        document.documentElement.dataset.offlineSaved = hhmm(new Date(data.at));
      }
    });
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* no worker (private window, old browser): the app still works online */
    });
    if (window.location.pathname !== "/login") {
      navigator.serviceWorker.ready.then(function (registration) {
        warm(registration, window.location.pathname === "/");
      });
    }
    // A tab or link loaded in place cannot reach the server: load it as a page instead,
    // which the worker answers from its saved copy.
    document.body.addEventListener("htmx:sendError", function (event) {
      var config = (event.detail && event.detail.requestConfig) || {};
      var source = event.detail && event.detail.elt;
      var moves = source && source.getAttribute && source.getAttribute("hx-push-url") === "true";
      if (moves && (config.verb || "").toLowerCase() === "get" && config.path) {
        window.location.href = config.path;
      }
    });
    // Logging out through the menu drops the saved pages first.
    document.querySelectorAll('form[action="/logout"]').forEach(function (form) {
      form.addEventListener("submit", function () { bt.clearOfflineData(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
