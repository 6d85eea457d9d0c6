// The inspector's only script (no build step, no library). Without it every page still works; with it:
// - a table with data-live="URL" gets the rows recorded since its data-after id, polled every second
//   (the URL answers the new rows as HTML and the newest id seen in the X-Last-Id header);
// - an element with data-refresh="URL" has its content replaced by the URL's answer every second.
(function () {
  "use strict";
  var KEEP = 200;

  function withParam(url, name, value) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + name + "=" + encodeURIComponent(value);
  }

  function live(table) {
    var body = table.tBodies[0];
    fetch(withParam(table.dataset.live, "after", table.dataset.after), { headers: { Accept: "text/html" } })
      .then(function (r) {
        if (!r.ok) return;
        var last = r.headers.get("X-Last-Id");
        return r.text().then(function (html) {
          if (html.trim()) {
            var empty = body.querySelector("tr.empty");
            if (empty) empty.remove();
            body.insertAdjacentHTML("afterbegin", html);
            while (body.rows.length > KEEP) body.deleteRow(body.rows.length - 1);
          }
          if (last) table.dataset.after = last;
        });
      })
      .catch(function () {})
      .then(function () { setTimeout(function () { live(table); }, 1000); });
  }

  function refresh(el) {
    fetch(el.dataset.refresh, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) el.innerHTML = html; })
      .catch(function () {})
      .then(function () { setTimeout(function () { refresh(el); }, 1000); });
  }

  document.querySelectorAll("table[data-live]").forEach(function (t) {
    var mark = document.querySelector("[data-live-mark]");
    if (mark) mark.textContent = "● live";
    setTimeout(function () { live(t); }, 1000);
  });
  document.querySelectorAll("[data-refresh]").forEach(function (el) {
    setTimeout(function () { refresh(el); }, 1000);
  });
})();
