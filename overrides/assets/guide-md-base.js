/* Material for MkDocs 9.8.1, partials/javascripts/base.html, as a file: the storage helpers its bundle uses,
   scoped to the site's root (given by the page as data-scope). Loaded as a classic script before the bundle. */
var __md_scope = new URL(document.currentScript.getAttribute("data-scope"), location),
  __md_hash = function (e) { return Array.from(e).reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); },
  __md_get = function (e, _, t) {
    _ = _ || localStorage; t = t || __md_scope;
    return JSON.parse(_.getItem(t.pathname + "." + e));
  },
  __md_set = function (e, _, t, a) {
    t = t || localStorage; a = a || __md_scope;
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (err) { /* storage full or disabled */ }
  };
