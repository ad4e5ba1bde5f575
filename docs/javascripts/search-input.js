/*
 * 基幹型 実践事例集: run the search on every change of the search box, not only on keyup.
 * Material reads the query on keyup; Japanese IME commits on phones, pasting with the mouse
 * and autofill change the value without one. We pass each `input` event on as a keyup.
 */
(function () {
  "use strict";
  var box = document.querySelector("input[data-md-component=search-query]");
  if (!box) return;
  box.addEventListener("input", function () {
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  });
})();
