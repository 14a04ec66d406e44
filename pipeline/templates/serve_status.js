// Rebuild progress for the served catalogue and review pages (pipeline serve).
// Polls /_serve/status.json and writes plain text (textContent only) into #rebuild-status.
// The catalogue reloads itself once a rebuild it saw running has finished.
(function () {
  "use strict";
  var el = document.getElementById("rebuild-status");
  if (!el || !window.fetch) return;
  var slug = el.getAttribute("data-slug") || "";
  var sawBusy = false;
  function poll() {
    fetch("/_serve/status.json" + (slug ? "?slug=" + encodeURIComponent(slug) : ""), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.text && el.textContent !== s.text) el.textContent = s.text;
        if (s.busy) { sawBusy = true; setTimeout(poll, 1000); return; }
        if (sawBusy && !slug) { window.location.reload(); return; }
        setTimeout(poll, 5000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
