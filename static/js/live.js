// Live totals: the page works without this. When the server says totals changed, re-read
// this same page and swap in the fresh region; after a reconnect, re-read as well, since a
// WebSocket message is only a hint and the database is the truth.
// What changed is said politely in the page's status line ([data-live-status], an
// aria-live="polite" region outside the swapped one), at most once every few seconds, so
// a screen reader is not interrupted by every vote; the region itself is not live.
(function () {
  "use strict";
  var region = document.querySelector("[data-live-ws]");
  if (!region || !("WebSocket" in window) || !window.fetch) return;
  var status = document.querySelector("[data-live-status]");
  var ANNOUNCE_GAP = 5000;
  var lastAnnounced = 0;
  var announceTimer = null;

  function announcement() {
    var summary = region.querySelector("[data-live-summary]");
    if (summary) return summary.getAttribute("data-live-summary") + ": " + summary.textContent.trim();
    return region.getAttribute("data-live-message") || "";
  }

  function announce() {
    if (!status) return;
    var wait = lastAnnounced + ANNOUNCE_GAP - Date.now();
    clearTimeout(announceTimer);
    if (wait > 0) { announceTimer = setTimeout(announce, wait); return; }
    var text = announcement();
    if (!text) return;
    lastAnnounced = Date.now();
    status.textContent = "";
    // A fresh text node, so the same words are read again when something changes again.
    setTimeout(function () { status.textContent = text; }, 50);
  }
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + region.getAttribute("data-live-ws");
  var delay = 1000;
  var timer = null;

  function refresh() {
    fetch(location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-ws]");
        if (fresh && fresh.innerHTML !== region.innerHTML) {
          region.innerHTML = fresh.innerHTML;
          region.setAttribute("data-live-updated", String(Date.now()));
          announce();
        }
      })
      .catch(function () { /* the next hint or reconnect tries again */ });
  }

  function connect(first) {
    var socket = new WebSocket(url);
    socket.onopen = function () {
      delay = 1000;
      region.setAttribute("data-live-connected", "true");
      if (!first) refresh();
    };
    socket.onmessage = function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    };
    socket.onclose = function (event) {
      region.removeAttribute("data-live-connected");
      if (event.code === 4403) return; // not allowed: do not retry
      setTimeout(function () { connect(false); }, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect(true);
})();
