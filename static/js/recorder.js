// Record a concern by voice in the browser. Without JavaScript or a microphone, the file
// field still takes a recording made with the phone's own recorder app.
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
  var input = document.getElementById(box.getAttribute("data-target"));
  if (!input) return;
  var start = box.querySelector("[data-record]");
  var stop = box.querySelector("[data-stop]");
  var status = box.querySelector("[data-status]");
  var preview = box.querySelector("[data-preview]");
  var recorder = null;
  var chunks = [];
  box.hidden = false;

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = function (event) { if (event.data.size) chunks.push(event.data); };
      recorder.onstop = function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        var type = (recorder.mimeType || "audio/webm").split(";")[0];
        var extension = type.indexOf("ogg") >= 0 ? "ogg" : type.indexOf("mp4") >= 0 ? "m4a" : "webm";
        var file = new File(chunks, "voice." + extension, { type: type });
        var transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        status.textContent = box.getAttribute("data-done-label");
        start.hidden = false;
        stop.hidden = true;
      };
      recorder.start();
      status.textContent = box.getAttribute("data-recording-label");
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
    }).catch(function () {
      status.textContent = box.getAttribute("data-error-label");
    });
  });
  stop.addEventListener("click", function () { if (recorder && recorder.state !== "inactive") recorder.stop(); });
})();
