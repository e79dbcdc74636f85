// A large play/pause button for each audio summary. Without JavaScript the native
// <audio controls> next to it plays the summary the same way.
(function () {
  "use strict";
  document.querySelectorAll("[data-audio-summary]").forEach(function (box) {
    if (box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    var button = box.querySelector("[data-play]");
    var audio = box.querySelector("audio");
    if (!button || !audio) return;
    var text = button.querySelector("[data-text]");
    var icon = button.querySelector("[data-icon]");
    function show(playing) {
      text.textContent = button.getAttribute(playing ? "data-pause-label" : "data-play-label");
      icon.textContent = playing ? "⏸" : "▶";
      button.setAttribute("aria-pressed", playing ? "true" : "false");
    }
    button.hidden = false;
    show(false);
    button.addEventListener("click", function () {
      if (audio.paused) { audio.play(); } else { audio.pause(); }
    });
    audio.addEventListener("play", function () { show(true); });
    audio.addEventListener("pause", function () { show(false); });
    audio.addEventListener("ended", function () { show(false); });
  });
})();
