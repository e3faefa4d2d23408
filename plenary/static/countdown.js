// Progressive enhancement: a silence deadline's "… left" ticks down each second.
// Without JavaScript the page shows the time left when it was served.
(function () {
  function left(ms) {
    if (ms <= 0) return "The deadline has passed";
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), sec = s % 60;
    var parts = [];
    if (d) parts.push(d + " d");
    if (d || h) parts.push(h + " h");
    parts.push(m + " min");
    if (!d) parts.push(sec + " s");
    return parts.join(" ") + " left";
  }
  function tick() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      el.textContent = left(new Date(el.getAttribute("datetime")) - new Date());
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
