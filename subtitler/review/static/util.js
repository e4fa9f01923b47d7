/* subtitler review: the page. Plain JavaScript, no dependencies, no build.
 * Every text from a subtitle file, glossary or report is put in the page as
 * text (textContent), never as HTML. The server decides every number and
 * finding; these scripts show them, play the media and send edits.
 *
 * The page's scripts are classic scripts loaded in order (util, issues,
 * render, player, edit, app) sharing one global scope, so the read-only
 * export can inline them as one script. This one: the page's state, small
 * helpers, and the server. */
"use strict";
const $ = (id) => document.getElementById(id);
const embedded = document.getElementById("review-data");
const READONLY = embedded !== null;
const TOKEN = new URLSearchParams(location.search).get("token") || "";
const video = $("video");
const list = $("cues");
const SEVERITY_ORDER = { error: 0, warning: 1 };

let S = null; // what the server sent: file, profile, cues, findings, marks, counts, status, version
let pos = new Map(); // cue id -> index in S.cues
let issues = new Map(); // cue id -> [issue]
let fileIssues = [];
let selected = null; // id of the selected cue
let walkKey = null; // key of the current "next" item
let group = 0; // typing in one visit to a cue is one undo step
let editGroup = 0;
let typing = null; // {id, timer}
let queue = Promise.resolve();
let lastUserScroll = 0;
let activeId = null;
let peaks = null;
let peaksPerS = 25;
let journalAsked = false;
const cards = new Map(); // id -> {node, head, source, body, issues, sig}

// ---------------------------------------------------------------- helpers
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function pad(n, w) { return String(n).padStart(w, "0"); }
function clock(ms) {
  ms = Math.max(0, Math.round(ms));
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return (h ? pad(h, 2) + ":" : "") + pad(m, 2) + ":" + pad(s, 2) + "." + pad(ms % 1000, 3);
}
function nowMs() { return Math.round(video.currentTime * 1000); }
function seek(ms) {
  const t = Math.max(0, ms) / 1000;
  try { video.currentTime = t; } catch (e) { /* no media loaded */ }
  renderOverlay(); drawWave();
}
function cueAt(ms) {
  for (const c of S.cues) if (c.start <= ms && ms < c.end) return c;
  return null;
}
function cueById(id) { const i = pos.get(id); return i === undefined ? null : S.cues[i]; }
function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

let messageTimer = null;
function say(text, isError) {
  const m = $("message");
  m.textContent = text;
  m.className = "message" + (isError ? " error" : "");
  m.hidden = false;
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => { m.hidden = true; }, isError ? 9000 : 4000);
}

// ---------------------------------------------------------------- server
async function api(path, body) {
  const init = { method: body === undefined ? "GET" : "POST", cache: "no-store",
    credentials: "same-origin", headers: { "X-Review-Token": TOKEN } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try { res = await fetch("api/" + path, init); } catch (e) {
    const err = new Error("the review server does not answer (was it stopped?): your edits " +
      "so far are kept in its journal; start subtitler review again");
    err.data = {};
    throw err;
  }
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const err = new Error(data && data.error ? data.error : "the server answered " + res.status);
    err.data = data || {};
    throw err;
  }
  return data;
}
function post(path, body) {
  const run = () => api(path, Object.assign({ version: S.version }, body || {}));
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}
function failed(err) {
  if (err.data && err.data.stale) { say(err.message, true); load(); return; }
  if (err.data && err.data.conflict) { conflict(err.message); return; }
  say(err.message, true);
}
async function send(path, body) {
  if (READONLY) return null;
  try { const r = await post(path, body); apply(r); return r; } catch (err) { failed(err); return null; }
}
function edit(op) { return send("edit", { op: op }); }

function apply(r) {
  if (r.cues) S.cues = r.cues;
  else if (r.splice) S.cues.splice(r.splice.at, r.splice.remove, ...r.splice.insert);
  for (const k of ["findings", "marks", "counts", "status", "version", "file", "profile"]) {
    if (r[k] !== undefined) S[k] = r[k];
  }
  render();
}

async function load() {
  try { S = await api("state"); } catch (err) { say(err.message, true); return; }
  start();
}
