(function () {
  "use strict";
  var data = document.getElementById("timing"), audio = document.getElementById("narration");
  if (!data || !audio) { return; }
  var list = JSON.parse(data.textContent).sentences, current = null, root = document.documentElement;
  var now = document.getElementById("now"), fallback = false;
  root.classList.add("js");
  [].forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });

  function playFrom(ms) {
    audio.currentTime = ms / 1000;
    var p = audio.play();
    if (p && p.catch) { p.catch(function () {}); }
  }
  /* every sentence with a start time: focusable, and Enter or Space plays from it */
  list.forEach(function (t) {
    var el = document.getElementById(t.id);
    if (!el) { return; }
    el.setAttribute("data-start", String(t.start_ms));
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.title = "Play from here";
  });
  var transcript = document.getElementById("transcript");
  transcript.addEventListener("click", function (e) {
    var s = e.target.closest(".s[data-start]");
    if (!s) { return; }
    e.preventDefault();
    playFrom(Number(s.getAttribute("data-start")));
  });
  transcript.addEventListener("keydown", function (e) {
    var s = e.target.closest(".s[data-start]");
    if (!s || (e.key !== "Enter" && e.key !== " ")) { return; }
    e.preventDefault();  /* Space would scroll the page */
    playFrom(Number(s.getAttribute("data-start")));
  });

  /* the control bar: play/pause, back 10 s, speed; it stays at the bottom of the screen while the
     narration is playing or paused part-way */
  var bar = document.getElementById("player-bar"), play = document.getElementById("bar-play");
  var speed = document.getElementById("bar-speed");
  play.addEventListener("click", function () {
    if (audio.paused) { var p = audio.play(); if (p && p.catch) { p.catch(function () {}); } } else { audio.pause(); }
  });
  document.getElementById("bar-back").addEventListener("click", function () {
    audio.currentTime = Math.max(0, audio.currentTime - 10);
  });
  speed.addEventListener("change", function () { audio.playbackRate = Number(speed.value); });
  audio.addEventListener("ratechange", function () {
    var v = String(audio.playbackRate);
    if ([].some.call(speed.options, function (o) { return o.value === v; })) { speed.value = v; }
  });
  function state() {
    play.textContent = audio.paused ? "Play" : "Pause";
    var started = !audio.ended && (!audio.paused || audio.currentTime > 0);
    root.classList.toggle("playing", started);
    bar.classList.toggle("floating", started);
  }
  ["play", "pause", "ended", "emptied"].forEach(function (ev) { audio.addEventListener(ev, state); });

  /* captions: a browser that refuses the WebVTT file (Chromium does for pages opened from file:)
     gets the sentence being read shown under the player instead, and the page says so */
  var track = audio.querySelector("track");
  function useTranscript() {
    if (fallback) { return; }
    fallback = true;
    document.getElementById("captions-note").hidden = false;
    now.hidden = false;
    now.textContent = "";
  }
  if (track) {
    track.addEventListener("error", useTranscript);
    if (track.readyState === 3) { useTranscript(); }
  }

  function at(ms) {  /* the sentence being spoken at ms: last start <= ms, before its end */
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid].start_ms <= ms) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found >= 0 && ms < list[found].end_ms ? list[found].id : null;
  }
  function update() {
    var id = at(audio.currentTime * 1000);
    if (id === current) { return; }
    if (current) { var old = document.getElementById(current); if (old) { old.classList.remove("speaking"); } }
    current = id;
    var el = id ? document.getElementById(id) : null;
    if (el) { el.classList.add("speaking"); }
    if (fallback && el) { now.textContent = el.textContent; }
  }
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  state();
})();
