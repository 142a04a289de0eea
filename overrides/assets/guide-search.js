/* Search in the reader's language: this language's index (search/index.js, built from data/ and
   loaded only by the search page) becomes a lunr index the first time search is used. English uses lunr's
   English pipeline; Russian uses lunr-languages' Russian stemmer with English alongside, for names such as
   "Street Safe". Results are built with DOM methods and textContent only.

   How a query is matched, word by word (each word as the index holds it: stemmed):
   - the word itself ranks highest, then words it begins (typing "clar" finds Clare's Law);
   - a word of 4 or more letters that is in no page (and in no synonym group) is taken for a typo: its
     stem is matched with one letter wrong, missing, extra or swapped ("frad", "fruad", "мошеничество");
     a known word never is, so typo matches never outrank what was typed;
   - words that say nothing about what is looked for ("someone": data/search.yml) are left out;
   - phrases of the synonym groups (data/search.yml) are matched as a whole ("non emergency" is not
     "non-English" + "emergency"), and the other words of the word's group are looked for too, below the
     words typed;
   - pages about another place (Russia, Minnesota, the EU...) count for less than local pages, unless
     the query names that place: a word found only on pages about it ("ВПР", "Minnesota", "524").
   When nothing is found, the page shows its help (#guide-search-help): 999 and other ways to find help. */
(function () {
  "use strict";

  var form = document.querySelector("[data-guide-search]");
  if (!form || typeof lunr === "undefined" || !window.guideSearchIndex) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("guide-search-status");
  var list = document.getElementById("guide-search-results");
  var help = document.getElementById("guide-search-help");
  if (help) help.hidden = true;  // shown again when a search finds nothing
  var languageRoot = new URL(form.getAttribute("data-root") || "./", window.location.href);
  var SEPARATORS = /[\s\-–—,.;:!?()«»"]+/;

  // How much each kind of match counts, and how much a page about another place counts.
  var BOOST = { word: 10, phrase: 15, wordInPhrase: 1, synonym: 4, synonymPhrase: 6, prefix: 2, typo: 1 };
  var OTHER_PLACE = 0.3;
  var TYPO_MIN_LETTERS = 4;

  var data = null;
  var index = null;
  var analyser = null;  // the index-time pipeline: stop words, phrases, stemmers
  var stem = null;
  var synonyms = null;  // term (stem or phrase) -> list of the other terms of its group
  var filler = null;  // words left out of queries (data/search.yml filler_words)
  var loading = null;

  function normalise(text) {
    return String(text || "").toLowerCase().replace(/ё/g, "е").replace(/['’‘`]/g, "");
  }

  function split(text) {
    return normalise(text).split(SEPARATORS).filter(Boolean);
  }

  // A phrase as one term of the index: its stems, marked so that no stemmer changes it.
  function phraseTerm(stems) {
    return "~" + stems.join(" ") + "~";
  }

  function isPhrase(term) {
    return term.charAt(0) === "~";
  }

  function stemmerOf(pipeline) {
    var cache = Object.create(null);
    return function (word) {
      if (!(word in cache)) cache[word] = pipeline.runString(word)[0] || "";
      return cache[word];
    };
  }

  // Index-time pipeline step, after the trimmer and before stop words: a token that starts a known
  // phrase is followed by the phrase's term.
  function phraseStep(phrases, lang) {
    function addPhrases(token, i, tokens) {
      var candidates = phrases[stem(token.toString())];
      if (!candidates) return token;
      var out = [token];
      candidates.forEach(function (stems) {
        for (var k = 1; k < stems.length; k++) {
          if (i + k >= tokens.length || stem(tokens[i + k].toString()) !== stems[k]) return;
        }
        out.push(new lunr.Token(phraseTerm(stems), { index: token.metadata.index, phrase: true }));
      });
      return out;
    }
    lunr.Pipeline.registerFunction(addPhrases, "guide-phrases-" + lang);
    return addPhrases;
  }

  function build(json) {
    data = json;
    filler = Object.create(null);
    (json.filler || []).forEach(function (words) {
      split(words).forEach(function (word) { filler[word] = true; });
    });
    var groups = (json.synonyms || []).map(function (group) {
      return group.map(split).filter(function (words) { return words.length; });
    });
    index = lunr(function () {
      if (json.lang === "ru") this.use(lunr.multiLanguage("en", "ru"));
      stem = stemmerOf(this.searchPipeline);
      var phrases = Object.create(null);  // first stem -> stems of each phrase starting with it
      groups.forEach(function (group) {
        group.forEach(function (words) {
          if (words.length < 2) return;
          var stems = words.map(stem);
          (phrases[stems[0]] = phrases[stems[0]] || []).push(stems);
        });
      });
      this.pipeline.after(this.pipeline._stack[0], phraseStep(phrases, json.lang));
      analyser = this.pipeline;
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
    synonyms = Object.create(null);
    groups.forEach(function (group) {
      var terms = [];
      group.forEach(function (words) {
        var term = words.length > 1 ? phraseTerm(words.map(stem)) : stem(words[0]);
        if (term && terms.indexOf(term) < 0) terms.push(term);
      });
      terms.forEach(function (term) {
        synonyms[term] = terms.filter(function (other) { return other !== term; });
      });
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.resolve(window.guideSearchIndex).then(build);
    }
    return loading;
  }

  function known(term) {
    return Object.prototype.hasOwnProperty.call(index.invertedIndex, term);
  }

  // The places (entries' `j`) that every page holding `term` is about; null if a local page holds it.
  function placesOnlyWith(term) {
    var postings = index.invertedIndex[term];
    var places = [];
    for (var field in postings) {
      if (field === "_index") continue;
      for (var ref in postings[field]) {
        var place = data.docs[Number(ref)].j;
        if (!place) return null;
        if (places.indexOf(place) < 0) places.push(place);
      }
    }
    return places;
  }

  function typos(term) {
    return index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(term, 1)).toArray();
  }

  function find(query) {
    var words = split(query).filter(function (word) { return !filler[word]; });
    if (!words.length) return [];
    var tokens = analyser.run(words.map(function (word, i) { return new lunr.Token(word, { index: i }); }));
    var terms = tokens.map(String).filter(Boolean);
    var inPhrase = {};  // word index -> true when a phrase of the index covers it
    tokens.forEach(function (token) {
      if (token.metadata.phrase && known(String(token))) {
        var length = String(token).split(" ").length;
        for (var k = 0; k < length; k++) inPhrase[token.metadata.index + k] = true;
      }
    });
    var named = {};  // places the query names
    function naming(term) {
      (placesOnlyWith(term) || []).forEach(function (place) { named[place] = true; });
    }
    var results = index.query(function (q) {
      var added = {};
      function add(term, boost, options) {
        var key = term + "\u0000" + (options ? JSON.stringify(options) : "");
        if (added[key]) return;
        added[key] = true;
        q.term(term, Object.assign({ usePipeline: false, boost: boost }, options || {}));
      }
      tokens.forEach(function (token) {
        var term = String(token);
        if (!term) return;
        var word = words[token.metadata.index];
        if (isPhrase(term)) {
          add(term, BOOST.phrase);
        } else {
          if (inPhrase[token.metadata.index]) {
            add(term, BOOST.wordInPhrase);  // the phrase counts, not "non" of "non emergency"
            return;
          }
          add(term, BOOST.word);
          if (word.length >= 3) add(word, BOOST.prefix, { wildcard: lunr.Query.wildcard.TRAILING });
          if (known(term)) {
            naming(term);
          } else if (word.length >= TYPO_MIN_LETTERS && !synonyms[term]) {  // a synonym is no typo
            add(term, BOOST.typo, { editDistance: 1 });
            // A typo near the end can move where the stemmer cuts ("филомины" -> "филомин", but
            // "филомены" -> "филом"): the stem less its last letter is tried too.
            if (term.length >= 5) add(term.slice(0, -1), BOOST.typo, { editDistance: 1 });
            typos(term).forEach(naming);
          }
        }
        (synonyms[term] || []).forEach(function (other) {
          if (terms.indexOf(other) < 0) add(other, isPhrase(other) ? BOOST.synonymPhrase : BOOST.synonym);
        });
      });
    });
    return results.map(function (result) {
      var place = data.docs[Number(result.ref)].j;
      return { ref: result.ref, score: place && !named[place] ? result.score * OTHER_PLACE : result.score };
    }).sort(function (a, b) { return b.score - a.score; });
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
    var nothing = Boolean(query.trim()) && !results.length;
    if (help) help.hidden = !nothing;
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
