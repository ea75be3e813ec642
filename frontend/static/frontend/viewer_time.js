// Anonymous visitors: rewrite "your time" in the browser's own zone (server fallback: the platform zone).
// A static file, not an inline script: the Content-Security-Policy allows scripts from 'self' only.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var lang = document.documentElement.lang || "en";
  var day = new Intl.DateTimeFormat(lang, {dateStyle: "medium", timeStyle: "short", timeZone: zone});
  var time = new Intl.DateTimeFormat(lang, {timeStyle: "short", timeZone: zone});
  document.querySelectorAll("time[data-viewer-time]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime")), end = new Date(el.dataset.end);
    el.textContent = day.format(start) + " – " + time.format(end);
    var label = el.parentNode.querySelector("[data-viewer-zone]");
    if (label) label.textContent = zone;
  });
})();
