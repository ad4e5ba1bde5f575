/* casebook: Web Worker stand-in for pages opened from file:// (offline copy). */
(function () {
  "use strict";
  if (location.protocol !== "file:") { return; }
  function load(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.addEventListener("load", function () { resolve(); });
      script.addEventListener("error", function () { reject(new Error("cannot load " + url)); });
      doc.head.appendChild(script);
    });
  }
  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      (document.body || document.documentElement).appendChild(frame);
      var win = frame.contentWindow, doc = frame.contentDocument, owner = this;
      if (!doc.head) { doc.documentElement.appendChild(doc.createElement("head")); }
      win.postMessage = function (data) {
        setTimeout(function () { owner.dispatchEvent(new MessageEvent("message", { data: data })); }, 0);
      };
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, next) {
          return done.then(function () { return load(doc, next); });
        }, Promise.resolve());
      };
      this._win = win;
      this._ready = load(doc, new URL(url, location.href).href);
    }
    postMessage(data) {
      var win = this._win;
      this._ready.then(function () {
        win.dispatchEvent(new win.MessageEvent("message", { data: data }));
      });
    }
    terminate() {}
  }
  window.IFrameWorker = FileWorker;
  window.Worker = FileWorker;
})();
