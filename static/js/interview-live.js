// The live record of an 在线访谈 updates itself: every few seconds (data-interval) it asks the
// server for the entries after the last one shown (data-after) and appends them to the list,
// an aria-live region, so screen readers announce them. Without JavaScript the page reloads
// itself through a <noscript> meta refresh instead. Polling stops once the event has ended.
(function () {
  "use strict";
  var list = document.querySelector("[data-live-record]");
  if (!list || !window.fetch) { return; }
  var url = list.getAttribute("data-poll-url");
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;
  var interval = (parseInt(list.getAttribute("data-interval"), 10) || 10) * 1000;
  var timer = null;
  var busy = false;

  function append(entries) {
    entries.forEach(function (entry) {
      if (entry.id <= after || document.getElementById("entry-" + entry.id)) { return; }
      list.insertAdjacentHTML("beforeend", entry.html);
      after = entry.id;
    });
    list.setAttribute("data-after", String(after));
    var empty = document.querySelector(".record-empty");
    if (empty && list.children.length) { empty.hidden = true; }
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    fetch(url + "?after=" + after, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        append(data.entries || []);
        if (data.phase !== "live") {
          window.clearInterval(timer);
          var note = document.querySelector(".live-note");
          if (note) { note.textContent = "访谈已结束，以上为文字实录。"; }
        }
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { busy = false; });
  }

  timer = window.setInterval(poll, interval);
}());
