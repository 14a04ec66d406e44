(function () {
  "use strict";
  var data = document.getElementById("timing"), audio = document.getElementById("narration");
  if (!data || !audio) { return; }
  var list = JSON.parse(data.textContent).sentences, current = null;
  document.documentElement.classList.add("js");
  list.forEach(function (t) {
    var el = document.getElementById(t.id);
    if (el) { el.setAttribute("data-start", String(t.start_ms)); el.title = "Play from here"; }
  });
  function playFrom(ms) {
    audio.currentTime = ms / 1000;
    var p = audio.play();
    if (p && p.catch) { p.catch(function () {}); }
  }
  document.getElementById("transcript").addEventListener("click", function (e) {
    var ts = e.target.closest("a.ts");
    var s = e.target.closest(".s[data-start]");
    if (ts) { s = ts.parentNode.querySelector(".s[data-start]"); }
    if (!s) { return; }
    e.preventDefault();
    playFrom(Number(s.getAttribute("data-start")));
  });
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
    if (id) { var el = document.getElementById(id); if (el) { el.classList.add("speaking"); } }
  }
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
})();
