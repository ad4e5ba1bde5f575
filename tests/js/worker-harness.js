// Loads docs/javascripts/search-worker.js unchanged into a fresh V8 context that stands in for a
// worker: `self`, addEventListener, postMessage, and fetch() serving tests/js/fixtures/.
// The worker's top-level functions and variables are properties of that context's global.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const WORKER = path.join(ROOT, "docs", "javascripts", "search-worker.js");
const FIXTURES = path.join(__dirname, "fixtures");
const SOURCE = fs.readFileSync(WORKER, "utf8");

function loadWorker() {
  const listeners = [], posted = [], fetched = [];
  const sandbox = {
    console,
    fetch(url) {
      fetched.push(url);
      const file = path.join(FIXTURES, url);
      if (!file.startsWith(FIXTURES + path.sep) || !fs.existsSync(file)) {
        return Promise.resolve({ok: false, status: 404, text: () => Promise.resolve("")});
      }
      return Promise.resolve({ok: true, status: 200, text: () => Promise.resolve(fs.readFileSync(file, "utf8"))});
    },
    addEventListener(type, fn) { if (type === "message") listeners.push(fn); },
    postMessage(message) { posted.push(message); },
    importScripts() { throw new Error("importScripts is only used on file://"); },
    setTimeout, clearTimeout,
  };
  sandbox.self = sandbox;
  const context = vm.createContext(sandbox);
  vm.runInContext(SOURCE, context, {filename: WORKER});
  // Values made in the worker's realm have its prototypes: copy them into ours for deepStrictEqual.
  const plain = (value) => JSON.parse(JSON.stringify(value));
  const send = (message) => listeners.forEach((fn) => fn({data: message}));
  return {worker: context, posted, fetched, plain, send, listeners};
}

// SETUP then wait for READY; resolves with the harness.
async function readyWorker() {
  const h = loadWorker();
  h.send({type: 0, data: {base: "cb/"}});
  await until(() => h.posted.some((m) => m.type === 1));
  return h;
}

// Run one query through the message protocol and return the items of its whole RESULT (not of
// the titles-only answer that may come first, marked partial).
async function query(h, text) {
  const before = h.posted.length;
  h.send({type: 2, data: text});
  const whole = (m) => !(m.type === 3 && m.data.partial);
  await until(() => h.posted.slice(before).some(whole));
  const result = h.posted.slice(before).filter(whole).pop();
  if (result.type !== 3) throw new Error("expected RESULT, got " + JSON.stringify(result));
  return h.plain(result.data.items);
}

async function until(test, ms = 5000) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting for the worker");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

module.exports = {loadWorker, readyWorker, query, until, FIXTURES};
