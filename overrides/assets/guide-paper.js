/* Paper: Print buttons, ticking services for a signposting pack, and the pack of the services named in the
   address (pack/?s=fraud,clares-law). The choice lives only in the address: nothing is stored on the device.
   Words come from data-* attributes (data/ui.yml); text from the pages is set as text, never as markup. */
(function () {
  "use strict";

  var ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
  var MAX = 100;

  // Print buttons: hidden without JavaScript, where the page says how to print from the browser instead.
  document.querySelectorAll("[data-guide-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    var hint = button.parentNode.querySelector("[data-guide-print-hint]");
    if (hint) hint.hidden = true;
  });

  // Lists of services: a box to tick before each, and the link to the pack of the ticked ones.
  var picker = document.querySelector("[data-guide-pack-picker]");
  if (picker) {
    var go = picker.querySelector("[data-guide-pack-go]");
    var base = go.getAttribute("href");
    var words = go.textContent;
    var boxes = [];
    var update = function () {
      var ids = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      go.setAttribute("href", base + (ids.length ? "?s=" + ids.join(",") : ""));
      go.textContent = words + (ids.length ? " (" + ids.length + ")" : "");
    };
    document.querySelectorAll("article li[data-service]").forEach(function (item) {
      var id = item.getAttribute("data-service");
      var link = item.querySelector("a");
      if (!ID.test(id) || !link) return;
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "guide-pick";
      box.value = id;
      box.setAttribute("aria-label", picker.getAttribute("data-add") + ": " + link.textContent.trim());
      box.addEventListener("change", update);
      item.insertBefore(box, item.firstChild);
      boxes.push(box);
    });
    if (boxes.length) picker.hidden = false;
    update();
  }

  var pack = document.querySelector("[data-guide-pack]");
  if (!pack) return;

  var status = pack.querySelector("[data-guide-pack-status]");
  var list = pack.querySelector("[data-guide-pack-list]");
  var holder = pack.querySelector("[data-guide-pack-handouts]");
  var noJs = pack.querySelector("[data-guide-pack-nojs]");
  noJs.hidden = true;

  function say(words, ids) {
    var p = document.createElement("p");
    p.textContent = words + (ids && ids.length ? " " + ids.join(", ") : "");
    status.append(p);
  }

  // The services named in the address: ?s=a,b,c or ?s=a&s=b, in that order, each once.
  var wanted = [];
  var refused = [];
  new URLSearchParams(window.location.search).getAll("s").forEach(function (value) {
    value.split(",").forEach(function (raw) {
      var id = raw.trim().toLowerCase();
      if (!id) return;
      if (!ID.test(id)) refused.push(raw.trim());
      else if (wanted.indexOf(id) < 0 && wanted.length < MAX) wanted.push(id);
    });
  });

  if (!wanted.length) {
    say(pack.getAttribute("data-empty"));
    pack.querySelector("[data-guide-pack-az]").hidden = false;
    return;
  }
  say(pack.getAttribute("data-loading"));

  function load(id) {
    var url = pack.getAttribute("data-handout").replace("__id__", id);
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 404) return { id: id, missing: true };
      if (!response.ok) return { id: id, failed: true };
      return response.text().then(function (html) {
        var found = new DOMParser().parseFromString(html, "text/html").querySelector(".guide-handout");
        return found ? { id: id, sheet: found } : { id: id, missing: true };
      });
    }, function () { return { id: id, failed: true }; });
  }

  // A handout's headings one level down (its title becomes an h2 under the pack's h1), ids made unique.
  function fit(sheet, id) {
    var node = document.importNode(sheet, true);
    node.querySelectorAll("[id]").forEach(function (el) { el.id = "pack-" + id + "-" + el.id; });
    node.id = "pack-" + id;
    node.querySelectorAll("h1, h2, h3, h4, h5").forEach(function (heading) {
      var lower = document.createElement("h" + (Number(heading.tagName.charAt(1)) + 1));
      Array.prototype.slice.call(heading.attributes).forEach(function (a) { lower.setAttribute(a.name, a.value); });
      while (heading.firstChild) lower.append(heading.firstChild);
      heading.replaceWith(lower);
    });
    return node;
  }

  Promise.all(wanted.map(load)).then(function (results) {
    status.textContent = "";
    var titles = [];
    results.forEach(function (result) {
      if (!result.sheet) return;
      var node = fit(result.sheet, result.id);
      var title = node.querySelector("h2");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + node.id;
      link.textContent = title ? title.textContent.trim() : result.id;
      titles.push(link.textContent);
      item.append(link);
      list.append(item);
      holder.append(node);
    });
    var missing = results.filter(function (r) { return r.missing; }).map(function (r) { return r.id; });
    var failed = results.filter(function (r) { return r.failed; }).map(function (r) { return r.id; });
    if (missing.length || refused.length) say(pack.getAttribute("data-not-found"), missing.concat(refused));
    if (failed.length) say(pack.getAttribute("data-failed"), failed);
    if (titles.length) document.title = document.title.replace(/^[^-–|]*/, function (head) {
      return head.trim() + ": " + titles.join(", ") + " ";
    });
    pack.setAttribute("data-guide-pack-ready", String(titles.length));
  });
})();
