/*
 * 基幹型 実践事例集: two fixes to Material's search box and results.
 *
 * 1. Run the search on every change of the search box, not only on keyup. Material reads the
 *    query on keyup; Japanese IME commits on phones, pasting with the mouse and autofill change
 *    the value without one. We pass each `input` event on as a keyup.
 * 2. Material lists each result's tags in a <nav>, so a screen reader's landmark list fills with
 *    unnamed "navigation" entries, one per result, though the tags are plain text, not links.
 *    Such a <nav> gets role="none" (the only fitting role ARIA allows on nav): the tags stay
 *    readable as text in their result, and the landmark list keeps the page's real regions.
 */
(function () {
  "use strict";
  var box = document.querySelector("input[data-md-component=search-query]");
  if (!box) return;
  box.addEventListener("input", function () {
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  });
  var results = document.querySelector("[data-md-component=search-result]");
  if (!results || !window.MutationObserver) return;
  new MutationObserver(function () {
    var navs = results.querySelectorAll("nav.md-tags:not([role])");
    for (var i = 0; i < navs.length; i++) {
      navs[i].setAttribute("role", "none");
    }
  }).observe(results, {childList: true, subtree: true});
})();
