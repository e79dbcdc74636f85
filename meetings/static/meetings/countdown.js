// Speaker countdown: the server gives the end time (and its own clock, so a wrong clock on
// the projector's laptop does not matter); without this script the page shows the time
// the speaker's turn ends. Re-reads the element every second, as live.js swaps the region.
(function () {
  "use strict";
  var skew = null;
  function tick() {
    var el = document.querySelector(".countdown[data-ends-at]");
    if (!el || !el.getAttribute("data-ends-at")) return;
    var ends = Date.parse(el.getAttribute("data-ends-at"));
    var serverNow = Date.parse(el.getAttribute("data-now"));
    if (isNaN(ends)) return;
    if (!isNaN(serverNow) && el.getAttribute("data-skew-for") !== el.getAttribute("data-now")) {
      skew = serverNow - Date.now();
      el.setAttribute("data-skew-for", el.getAttribute("data-now"));
    }
    var left = Math.max(0, Math.round((ends - (Date.now() + (skew || 0))) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    el.classList.toggle("countdown--over", left === 0);
  }
  tick();
  setInterval(tick, 1000);
})();
