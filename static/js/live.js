// Live totals: the page works without this. When the server says totals changed, re-read
// this same page and swap in the fresh region; after a reconnect, re-read as well, since a
// WebSocket message is only a hint and the database is the truth.
(function () {
  "use strict";
  var region = document.querySelector("[data-live-ws]");
  if (!region || !("WebSocket" in window) || !window.fetch) return;
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + region.getAttribute("data-live-ws");
  var delay = 1000;
  var timer = null;

  function refresh() {
    fetch(location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-ws]");
        if (fresh) {
          region.innerHTML = fresh.innerHTML;
          region.setAttribute("data-live-updated", String(Date.now()));
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
