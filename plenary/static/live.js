// Live pages (progressive enhancement): the regions a page marks with data-live="topic …"
// and an id follow what others do. An event stream (/live) names the topics that
// changed; the page is read again (same address, GET) and only the marked regions are
// replaced, each by the region of the same id. A region holding the focus or a form
// control the user has changed is left as it is, and a notice offers to reload instead:
// nothing the user is typing is ever replaced. A silence deadline reaching zero reads the
// page again, so that the adoption shows. Without JavaScript the pages are read as always.
(function () {
  "use strict";
  var RETRY_CLOSED_MS = 30000; // the stream was refused (busy, signed out): try again later
  var DEADLINE_GRACE_MS = 1500; // the clock adopts at the deadline; read the page after it
  var MAX_TOPICS = 50; // what /live accepts (plenary/pages/live.py)
  var MAX_TIMER_MS = 2147483647 - 1500; // setTimeout's longest wait (24 days)
  var pending = null, reading = false, source = null, status = null, hadError = false;
  var stale = {}; // the ids of the regions left as they were: the notice stays until none

  function regions() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-live]"),
                                       function (el) { return el.id; });
  }

  function topicsOf(el) { return el.getAttribute("data-live").split(/\s+/).filter(Boolean); }

  function allTopics() {
    var seen = {};
    regions().forEach(function (el) { topicsOf(el).forEach(function (t) { seen[t] = true; }); });
    return Object.keys(seen).slice(0, MAX_TOPICS);
  }

  function changed(control) {
    if (control.type === "checkbox" || control.type === "radio") {
      return control.checked !== control.defaultChecked;
    }
    if (control.tagName === "SELECT") {
      var options = Array.prototype.slice.call(control.options);
      if (control.multiple) {
        return options.some(function (o) { return o.selected !== o.defaultSelected; });
      }
      // A single choice with no option marked selected starts on its first option.
      var initial = options.findIndex(function (o) { return o.defaultSelected; });
      return control.selectedIndex !== Math.max(initial, 0);
    }
    return "defaultValue" in control && control.value !== control.defaultValue;
  }

  function touched(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) return true;
    if (region.querySelector("details[open] form")) return true;
    return Array.prototype.some.call(region.querySelectorAll("input, textarea, select"),
                                     changed);
  }

  function announce(text, offerReload) {
    if (!status) {
      status = document.createElement("div");
      status.className = "live-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(status, main.firstChild);
    }
    status.textContent = text;
    status.classList.toggle("visually-hidden", !offerReload);
    if (offerReload) {
      var link = document.createElement("a");
      link.href = location.pathname + location.search; // a #fragment alone would not reload
      link.textContent = "reload";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }
  }

  function swap(doc, wanted) {
    var replaced = 0, kept = 0;
    regions().forEach(function (old) {
      if (wanted && !topicsOf(old).some(function (t) { return wanted[t]; })) return;
      var fresh = doc.getElementById(old.id);
      if (fresh && fresh.outerHTML === old.outerHTML) { delete stale[old.id]; return; }
      if (!fresh || touched(old)) { stale[old.id] = true; kept += 1; return; }
      old.replaceWith(document.importNode(fresh, true));
      delete stale[old.id];
      replaced += 1;
    });
    if (Object.keys(stale).length) {
      if (kept || replaced) announce("Updated: this page has changed since you began here;", true);
    } else if (replaced) {
      announce("Updated.", false);
    }
  }

  function read() {
    if (reading || pending === null) return;
    var wanted = pending;
    pending = null;
    reading = true;
    fetch(location.href, {credentials: "same-origin", cache: "no-store",
                          headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok || response.redirected) return null;
        return response.text();
      })
      .then(function (html) {
        if (html) swap(new DOMParser().parseFromString(html, "text/html"), wanted);
      })
      .catch(function () {})
      .then(function () {
        reading = false;
        watchDeadlines();
        read();
      });
  }

  function want(topics) {
    if (pending === null) pending = {};
    topics.forEach(function (t) { pending[t] = true; });
    read();
  }

  function everything() { want(allTopics()); }

  function connect() {
    var topics = allTopics();
    if (!topics.length || !window.EventSource) return;
    source = new EventSource("/live?topics=" + encodeURIComponent(topics.join(",")));
    source.addEventListener("change", function (event) {
      want(event.data.split(/\s+/).filter(Boolean));
    });
    source.addEventListener("open", function () {
      document.documentElement.setAttribute("data-live-stream", "open");
      if (hadError) everything(); // what changed while the stream was down
      hadError = false;
    });
    source.addEventListener("error", function () {
      document.documentElement.setAttribute("data-live-stream", "waiting");
      hadError = true;
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, RETRY_CLOSED_MS);
      }
    });
  }

  var timers = {};
  function watchDeadlines() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var at = el.getAttribute("datetime");
      var ms = new Date(at) - new Date();
      if (timers[at] || isNaN(ms) || ms < -DEADLINE_GRACE_MS || ms > MAX_TIMER_MS) return;
      timers[at] = setTimeout(everything, Math.max(ms, 0) + DEADLINE_GRACE_MS);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    connect();
    watchDeadlines();
  });
})();
