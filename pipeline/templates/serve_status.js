// Rebuild progress for the served catalogue and review pages (pipeline serve).
// Polls /_serve/status.json and writes plain text (textContent only) into #rebuild-status.
// The catalogue reloads itself when a rebuild finishes after it was loaded (new or changed articles).
(function () {
  "use strict";
  var el = document.getElementById("rebuild-status");
  if (!el || !window.fetch) return;
  var slug = el.getAttribute("data-slug") || "";
  var seen = null;
  function poll() {
    fetch("/_serve/status.json" + (slug ? "?slug=" + encodeURIComponent(slug) : ""), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.text && el.textContent !== s.text) el.textContent = s.text;
        if (seen === null) seen = s.finished;
        if (!slug && s.finished !== seen && !s.busy) { window.location.reload(); return; }
        setTimeout(poll, s.busy ? 1000 : 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
