/* Search in the reader's language: this language's index (search/index.js, built from data/ and
   loaded only by the search page) becomes a lunr index the first time search is used. English uses lunr's English pipeline; Russian
   uses lunr-languages' Russian stemmer with English alongside, for names such as "Street Safe".
   Results are built with DOM methods and textContent only. */
(function () {
  "use strict";

  var form = document.querySelector("[data-guide-search]");
  if (!form || typeof lunr === "undefined" || !window.guideSearchIndex) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("guide-search-status");
  var list = document.getElementById("guide-search-results");
  var languageRoot = new URL(form.getAttribute("data-root") || "./", window.location.href);
  var data = null;
  var index = null;
  var loading = null;

  function normalise(text) {
    return String(text || "").toLowerCase().replace(/ё/g, "е").replace(/['’‘`]/g, "");
  }

  function build(json) {
    data = json;
    index = lunr(function () {
      if (json.lang === "ru") this.use(lunr.multiLanguage("en", "ru"));
      this.ref("i");
      this.field("t", { boost: 10 });
      this.field("k", { boost: 8 });
      this.field("s", { boost: 3 });
      this.field("x");
      json.docs.forEach(function (doc, i) {
        this.add({ i: String(i), t: normalise(doc.t), k: normalise(doc.k), s: normalise(doc.s),
                   x: normalise(doc.x) }, { boost: doc.b });
      }, this);
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.resolve(window.guideSearchIndex).then(build);
    }
    return loading;
  }

  function find(query) {
    var words = normalise(query).split(/[\s\-–—,.;:!?()«»"]+/).filter(Boolean);
    if (!words.length) return [];
    return index.query(function (q) {
      words.forEach(function (word) {
        q.term(word, { usePipeline: true, boost: 10 });
        if (word.length >= 3) {
          q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2 });
        }
        if (word.length >= 6) {
          q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
        }
      });
    });
  }

  function show(query) {
    var results = query.trim() ? find(query).slice(0, 10) : [];
    list.textContent = "";
    results.forEach(function (result) {
      var doc = data.docs[Number(result.ref)];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(doc.u, languageRoot).href;
      link.textContent = doc.t;
      var kind = document.createElement("span");
      kind.className = "guide-search__kind";
      kind.textContent = data.kinds[doc.c] + (doc.j ? " · " + doc.j : "");
      var summary = document.createElement("p");
      summary.textContent = doc.s;
      item.append(link, " ", kind, summary);
      list.append(item);
    });
    status.textContent = !query.trim() ? "" : results.length
      ? form.getAttribute("data-label-results") + ": " + results.length
      : form.getAttribute("data-label-none");
  }

  function update() {
    var query = input.value;
    load().then(function () {
      if (input.value === query) show(query);
    });
    var url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
  }

  input.addEventListener("input", update);
  input.addEventListener("focus", load, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    update();
  }
})();
