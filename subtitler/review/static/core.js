/* subtitler review: the page. Plain JavaScript, no dependencies, no build.
 * Every text from a subtitle file, glossary or report is put in the page as
 * text (textContent), never as HTML. The server decides every number,
 * finding and count; these scripts show them, play the media and send edits.
 *
 * The scripts are classic scripts loaded in order (core, items, render,
 * player, edit, keys, app), so the read-only export can inline them as one.
 * Each adds its functions to one object, window.SubtitlerReview, and all
 * the page's state is in one place, its `st`: what the server sent and what
 * the page is doing. This one: the state, small helpers, and the server. */
window.SubtitlerReview = (function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const embedded = $("review-data");

  const R = {
    $,
    exported: embedded !== null,
    /* Nothing can be changed: the exported file, or a review another one
     * holds the file of (`status.readonly` says which, and what to do). */
    readonly: embedded !== null,
    video: $("video"),
    list: $("cues"),
  };

  /* The page's state: one object. `doc`, `cues`, `findings`, `marks` and
   * `fileFindings` are what the server sent (it is the one model of the
   * subtitles; the page only applies its replies); the rest is the page's
   * own: what is selected, the text box being typed in, the player. */
  R.st = {
    doc: null, // file, profile, glossary, counts, status, version
    cues: [], // {id, start, end, lines, chars, total, cps, from, to, duration, source?, terms?}
    pos: new Map(), // cue id -> index in cues
    findings: new Map(), // cue id -> [finding]
    marks: new Map(), // cue id -> [mark]
    fileFindings: [],
    items: new Map(), // cue id -> [item] (findings and marks, what the list shows)
    fileItems: [],
    selected: null, // id of the selected cue
    walkKey: null, // key of the item "Next" went to
    activeId: null, // id of the cue under the playhead
    box: null, // the text box being edited: {id, ta, timer}
    caret: null, // where the cursor was in the box: {id, start, end, value}
    busy: 0, // edits in flight that may change the box's text
    typing: null, // the box when the first of them left: {id, ta, value, typed}
    pending: 0, // requests in flight
    group: 0, // typing in one visit to a box is one undo step
    queue: Promise.resolve(),
    journalAsked: false,
    lastUserScroll: 0,
    cards: new Map(), // cue id -> {node, head, source, body, items, sig}
    timeEdit: null, // {id, edge}: a time being typed
    accepting: null, // key of the finding whose reason is being typed
    wave: { peaks: null, perS: 25, onsets: [], ends: [], span: 16000, drag: null, hover: null },
    play: { loop: false },
    messageTimer: null,
    posts: 0, // POSTs sent so far
    errorAt: 0, // how many had been sent when the message shown, an error, was said
  };
  const st = R.st;

  // ---------------------------------------------------------------- helpers
  R.el = function (tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const pad = (n, w) => String(n).padStart(w, "0");
  R.clock = function (ms) {
    ms = Math.max(0, Math.round(ms));
    const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    return (h ? pad(h, 2) + ":" : "") + pad(m, 2) + ":" + pad(s, 2) + "." + pad(ms % 1000, 3);
  };
  R.plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  R.nowMs = () => Math.round(R.video.currentTime * 1000);
  R.cueById = function (id) {
    const i = st.pos.get(id);
    return i === undefined ? null : st.cues[i];
  };
  R.number = (id) => st.pos.get(id) + 1; // the cue's number as the file counts it
  R.cueAt = function (ms) {
    for (const c of st.cues) if (c.start <= ms && ms < c.end) return c;
    return null;
  };
  /* A cue's text as the server keeps it: lines trimmed, blank lines dropped. */
  R.normal = (text) => text.replace(/\r/g, "").split("\n").map((s) => s.trim()).filter((s) => s).join("\n");

  /* A message under the header; `action` adds a button (e.g. Undo). */
  R.say = function (text, isError, action) {
    const m = $("message");
    m.replaceChildren(R.el("span", null, text));
    if (action) {
      const b = R.el("button", "small", action.label);
      b.type = "button";
      b.addEventListener("click", () => { m.hidden = true; action.run(); });
      m.append(" ", b);
    }
    m.className = "message" + (isError ? " error" : "");
    if (isError) st.errorAt = st.posts;
    m.hidden = false;
    clearTimeout(st.messageTimer);
    st.messageTimer = setTimeout(() => { m.hidden = true; }, isError || action ? 10000 : 5000);
  };

  // ---------------------------------------------------------------- server
  R.api = async function (path, body) {
    // the session's key travels in the browser's cookie (security.py)
    const init = { method: body === undefined ? "GET" : "POST", cache: "no-store",
      credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let res;
    try { res = await fetch("api/" + path, init); } catch {
      const err = new Error("the review server does not answer (was it stopped?): your edits " +
        "so far are kept in its journal; start subtitler review again");
      err.data = {};
      throw err;
    }
    let data;
    try { data = await res.json(); } catch { data = null; }
    if (!res.ok) {
      const err = new Error(data && data.error ? data.error : "the server answered " + res.status);
      err.data = data || {};
      throw err;
    }
    return data;
  };

  /* POSTs go one after another (`queued`), each with the version the page has. */
  R.queued = function (run) {
    st.pending += 1;
    st.posts += 1;
    const p = st.queue.then(run, run);
    st.queue = p.catch(() => undefined).then(() => { st.pending -= 1; });
    return p;
  };
  R.post = (path, body) => R.queued(() => R.api(path, Object.assign({ version: st.doc.version }, body || {})));
  R.failed = function (err) {
    if (err.data && err.data.stale) { R.say(err.message, true); R.load(); return; }
    if (err.data && err.data.conflict) { R.conflict(err.message); return; }
    R.say(err.message, true);
  };
  /* The reply to post number `n`: shown; an error said before that post
   * left goes (the person has made an edit since). */
  R.applied = function (r, n) {
    R.apply(r);
    const m = $("message");
    if (n > st.errorAt && !m.hidden && m.classList.contains("error")) {
      m.hidden = true;
      clearTimeout(st.messageTimer);
    }
  };
  R.send = async function (path, body) {
    if (R.readonly) return null;
    try {
      const p = R.post(path, body);
      const n = st.posts;
      const r = await p;
      R.applied(r, n);
      return r;
    } catch (err) { R.failed(err); return null; }
  };

  function setAll(map, byId) {
    for (const [id, list] of Object.entries(byId)) {
      if (list.length) map.set(Number(id), list); else map.delete(Number(id));
    }
  }

  /* A reply from the server: everything (`cues`), or an edit's changes
   * (`splice`, and the findings and marks of the cues whose lists changed). */
  R.apply = function (r) {
    if (r.cues) {
      st.cues = r.cues;
      st.findings = new Map();
      st.marks = new Map();
    } else if (r.splice) {
      st.cues.splice(r.splice.at, r.splice.remove, ...r.splice.insert);
    }
    st.pos = new Map(st.cues.map((c, i) => [c.id, i]));
    if (r.findings) setAll(st.findings, r.findings);
    if (r.marks) setAll(st.marks, r.marks);
    for (const map of [st.findings, st.marks]) {
      for (const id of [...map.keys()]) if (!st.pos.has(id)) map.delete(id);
    }
    if (r.file_findings) st.fileFindings = r.file_findings;
    for (const k of ["file", "profile", "glossary", "counts", "status", "version"]) {
      if (r[k] !== undefined) st.doc[k] = r[k];
    }
    R.readonly = R.exported || !!(st.doc.status && st.doc.status.readonly);
    R.render();
  };

  R.load = async function () {
    let r;
    try { r = await R.api("state"); } catch (err) { R.say(err.message, true); return; }
    st.doc = {};
    R.apply(r);
    R.start();
  };

  R.embedded = embedded;
  return R;
})();
