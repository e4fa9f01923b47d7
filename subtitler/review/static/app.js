/* subtitler review: the page. Plain JavaScript, no dependencies, no build.
 * Every text from a subtitle file, glossary or report is put in the page as
 * text (textContent), never as HTML. The server decides every number and
 * finding; this script shows them, plays the media and sends edits. */
"use strict";
(function () {
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

  // ---------------------------------------------------------------- issues
  function indexAll() {
    pos = new Map(S.cues.map((c, i) => [c.id, i]));
    issues = new Map();
    fileIssues = [];
    const add = (id, it) => { if (!issues.has(id)) issues.set(id, []); issues.get(id).push(it); };
    for (const f of S.findings) {
      const it = { type: "finding", severity: f.severity, rule: f.rule, message: f.message,
        cue: f.cue, line: f.line, at: f.at };
      if (f.cue === null || !pos.has(f.cue)) { fileIssues.push(it); continue; }
      it.key = "f:" + f.cue + ":" + f.rule + ":" + (issues.get(f.cue) || []).length;
      it.t = cueById(f.cue).start;
      add(f.cue, it);
    }
    for (const m of S.marks) {
      if (!pos.has(m.cue)) continue;
      const c = cueById(m.cue);
      const it = { type: "mark", severity: m.severity, rule: m.kind, message: m.message, cue: m.cue,
        key: m.key + "@" + m.cue, mark: m, checked: m.checked,
        t: m.kind === "unsure" || m.kind === "glossary" || m.kind === "flag"
          ? Math.max(c.start, m.start - 700) : c.start };
      add(m.cue, it);
    }
    const rank = (it) => (it.severity ? SEVERITY_ORDER[it.severity] : 2) * 10 +
      ({ unsure: 1, glossary: 2, flag: 2 }[it.rule] || 0);
    for (const arr of issues.values()) arr.sort((a, b) => rank(a) - rank(b));
    fileIssues.forEach((it, i) => { it.key = "file:" + i + ":" + it.rule; it.t = it.at; });
  }
  function walkItems() {
    const out = fileIssues.map((it) => Object.assign({ pos: -1 }, it));
    S.cues.forEach((c, i) => {
      for (const it of issues.get(c.id) || []) {
        if (!it.checked) out.push(Object.assign({ pos: i }, it));
      }
    });
    return out;
  }
  function walk(dir) {
    const items = walkItems();
    if (!items.length) { say("Nothing left to look at."); return; }
    let i = items.findIndex((it) => it.key === walkKey);
    if (i >= 0) i = (i + dir + items.length) % items.length;
    else {
      const sp = selected === null ? -2 : pos.get(selected);
      if (dir > 0) { i = items.findIndex((it) => it.pos >= sp); if (i < 0) i = 0; }
      else {
        i = items.length - 1;
        for (let k = items.length - 1; k >= 0; k--) if (items[k].pos < sp) { i = k; break; }
      }
    }
    goTo(items[i], i, items.length);
  }
  function goTo(it, i, n) {
    walkKey = it.key;
    if (it.cue !== null && it.cue !== undefined && pos.has(it.cue)) {
      select(it.cue, { seekTo: it.t });
    } else {
      render();
      if (it.t !== null && it.t !== undefined) seek(it.t);
      const node = document.querySelector('#file-issues [data-key="' + CSS.escape(it.key) + '"]');
      if (node) node.scrollIntoView({ block: "nearest" });
    }
    if (n) $("counts").dataset.at = (i + 1) + " of " + n;
    renderBar();
    const node = document.querySelector('.issue[data-key="' + CSS.escape(it.key) + '"]');
    if (node) node.scrollIntoView({ block: "nearest" });
  }

  // ---------------------------------------------------------------- rendering
  function render() {
    indexAll();
    if (selected !== null && !pos.has(selected)) selected = null;
    renderBar();
    renderFileIssues();
    renderCues();
    renderOverlay();
    drawWave();
    if (S.status && S.status.journal && !journalAsked && !READONLY) journal();
  }

  function renderBar() {
    const c = S.counts;
    const parts = [plural(c.errors, "error"), plural(c.warnings, "warning"),
      plural(c.unsure, "unsure word")];
    if (c.glossary) parts.push(plural(c.glossary, "glossary change"));
    const counts = $("counts");
    counts.textContent = parts.join(" \u00b7 ") + (counts.dataset.at ? "  (" + counts.dataset.at + ")" : "");
    counts.className = "counts" + (c.errors ? " has-errors" : c.warnings ? " has-warnings" : " clean");
    $("file-name").textContent = S.status.srt + "  \u00b7  " + S.file.media;
    $("dirty").hidden = !S.status.dirty || READONLY;
    if (!READONLY) {
      $("undo").disabled = !S.status.can_undo;
      $("redo").disabled = !S.status.can_redo;
    }
    document.title = (S.status.dirty && !READONLY ? "\u25cf " : "") + S.status.srt + " \u2014 subtitler review";
  }

  function issueNode(it) {
    const li = el("li", "issue " + (it.severity ? "sev-" + it.severity : "kind-" + it.rule));
    li.dataset.key = it.key;
    li.dataset.rule = it.rule;
    if (it.key === walkKey) li.classList.add("current");
    if (it.checked) li.classList.add("checked");
    const badge = it.severity === "error" ? "\u2716 error" : it.severity === "warning" ? "\u25b2 warning"
      : it.rule === "unsure" ? "? unsure" : "\u2139 glossary";
    li.append(el("span", "badge", badge));
    if (it.type === "finding" || it.severity) li.append(el("span", "rule", it.rule));
    li.append(el("span", "msg", it.message));
    if (it.line !== null && it.line !== undefined && it.type === "finding" && it.cue === null) {
      li.append(el("span", "line", "line " + it.line));
    }
    if (it.rule === "unsure" && !READONLY) {
      const b = el("button", "small", it.checked ? "unmark" : "\u2713 it is right");
      b.type = "button";
      b.title = "The word is right: stop marking it (C)";
      b.addEventListener("click", (ev) => { ev.stopPropagation(); edit({ op: "check", key: it.mark.key }); });
      li.append(b);
    }
    li.addEventListener("click", () => { walkKey = it.key; goTo(it); });
    return li;
  }

  function renderFileIssues() {
    const ul = $("file-issues");
    ul.replaceChildren();
    for (const note of S.status.notes || []) ul.append(el("li", "issue note", note));
    for (const it of fileIssues) ul.append(issueNode(it));
    ul.hidden = !ul.children.length;
  }

  function part(k, name, sig, fill) {
    const s = JSON.stringify(sig);
    if (k.sig[name] === s) return;
    k.sig[name] = s;
    fill();
  }

  function renderCues() {
    const seen = new Set();
    S.cues.forEach((c, i) => {
      seen.add(c.id);
      const k = cardFor(c.id);
      updateCard(k, c, i + 1);
      const at = list.children[i];
      if (at !== k.node) list.insertBefore(k.node, at || null);
    });
    for (const [id, k] of cards) {
      if (!seen.has(id)) { k.node.remove(); cards.delete(id); }
    }
  }

  function cardFor(id) {
    let k = cards.get(id);
    if (k) return k;
    k = { node: el("li", "cue"), head: el("div", "cue-head"), source: el("div", "cue-source"),
      body: el("div", "cue-body"), issues: el("ul", "issues"), sig: {} };
    k.node.dataset.id = id;
    k.node.append(k.head, k.source, k.body, k.issues);
    k.node.addEventListener("click", (ev) => {
      if (ev.target.closest("button, textarea, .issue")) return;
      select(id, { seekTo: cueById(id).start });
    });
    cards.set(id, k);
    return k;
  }

  function updateCard(k, c, n) {
    const sel = c.id === selected;
    const its = issues.get(c.id) || [];
    k.node.classList.toggle("selected", sel);
    k.node.classList.toggle("active", c.id === activeId);
    k.node.classList.toggle("has-error", its.some((it) => it.severity === "error"));
    k.node.classList.toggle("has-warning", its.some((it) => it.severity === "warning"));
    part(k, "head", [c.from, c.to, c.duration, c.cps, c.total, n, S.profile.max_cps], () => fillHead(k.head, c, n));
    part(k, "source", c.source || null, () => {
      k.source.hidden = !c.source;
      k.source.replaceChildren();
      if (c.source) for (const line of c.source) k.source.append(el("div", "src-line", line));
    });
    const editing = sel && !READONLY;
    const marks = its.filter((it) => it.mark && it.mark.spans.length);
    part(k, "body", editing ? ["edit", c.id] : ["text", c.lines, c.chars, marks.map((m) => [m.mark.spans, m.rule, m.checked])],
      () => (editing ? fillEditor(k.body, c) : fillText(k.body, c, marks)));
    if (editing) syncEditor(k.body, c);
    part(k, "issues", [its.map((it) => [it.key, it.message, it.severity, it.checked]), walkKey], () => {
      k.issues.replaceChildren(...its.map(issueNode));
    });
  }

  function fillHead(h, c, n) {
    h.replaceChildren();
    const t = el("button", "time", c.from);
    t.type = "button";
    t.title = "Play from here";
    t.addEventListener("click", (ev) => { ev.stopPropagation(); select(c.id, { seekTo: c.start }); video.play().catch(() => {}); });
    const cps = el("span", "cps", c.cps === null ? "\u221e cps" : c.cps.toFixed(1) + " cps");
    if (c.cps === null || c.cps > S.profile.max_cps) cps.classList.add("over");
    h.append(el("span", "num", n), t, el("span", "arrow", "\u2192"), el("span", "to", c.to),
      el("span", "dur", c.duration), cps, el("span", "total", c.total + " ch"));
  }

  function fillText(body, c, marks) {
    body.replaceChildren();
    if (!c.lines.length) { body.append(el("div", "line empty", "(no text)")); return; }
    c.lines.forEach((line, i) => {
      const row = el("div", "line");
      const txt = el("span", "txt");
      const spans = [];
      for (const m of marks) {
        for (const s of m.mark.spans) if (s[0] === i) spans.push({ a: s[1], b: s[2], m: m });
      }
      spans.sort((x, y) => x.a - y.a);
      let at = 0;
      for (const s of spans) {
        if (s.a < at) continue;
        txt.append(document.createTextNode(line.slice(at, s.a)));
        const mk = el("mark", "m-" + s.m.rule + (s.m.checked ? " checked" : ""), line.slice(s.a, s.b));
        mk.title = s.m.message;
        txt.append(mk);
        at = s.b;
      }
      txt.append(document.createTextNode(line.slice(at)));
      const count = el("span", "count", c.chars[i]);
      if (c.chars[i] > S.profile.max_line_chars) count.classList.add("over");
      row.append(txt, count);
      body.append(row);
    });
  }

  function fillEditor(body, c) {
    body.replaceChildren();
    const ta = el("textarea", "editor");
    ta.rows = Math.max(2, c.lines.length);
    ta.value = c.lines.join("\n");
    ta.spellcheck = true;
    ta.setAttribute("aria-label", "Text of the cue");
    ta.dataset.server = ta.value;
    ta.addEventListener("focus", () => { editGroup = ++group; });
    ta.addEventListener("input", () => typed(c.id, ta));
    ta.addEventListener("blur", () => flushText());
    const counts = el("div", "line-counts");
    body.append(ta, counts, toolbar(c.id));
  }

  function syncEditor(body, c) {
    const ta = body.querySelector("textarea");
    const server = c.lines.join("\n");
    if (ta && document.activeElement !== ta && ta.dataset.server !== server && (!typing || typing.id !== c.id)) {
      ta.value = server;
      ta.rows = Math.max(2, c.lines.length);
    }
    if (ta) ta.dataset.server = server;
    const counts = body.querySelector(".line-counts");
    if (counts) {
      counts.replaceChildren(...c.chars.map((n, i) => {
        const s = el("span", "count" + (n > S.profile.max_line_chars ? " over" : ""), "line " + (i + 1) + ": " + n);
        return s;
      }));
    }
  }

  function button(label, title, fn) {
    const b = el("button", "small", label);
    b.type = "button";
    b.title = title;
    b.addEventListener("click", (ev) => { ev.stopPropagation(); fn(); });
    return b;
  }

  function toolbar(id) {
    const bar = el("div", "toolbar");
    const f = S.file.frame_ms;
    bar.append(
      el("span", "label", "start"),
      button("\u2212" + "1f", "Start one frame (" + f + " ms) earlier ([)", () => nudge(id, "start", -1)),
      button("+1f", "Start one frame later (])", () => nudge(id, "start", 1)),
      button("\u21a6 playhead", "Start at the playhead (I)", () => toPlayhead(id, "start")),
      el("span", "label", "end"),
      button("\u2212" + "1f", "End one frame earlier (Shift+[)", () => nudge(id, "end", -1)),
      button("+1f", "End one frame later (Shift+])", () => nudge(id, "end", 1)),
      button("\u21a4 playhead", "End at the playhead (O)", () => toPlayhead(id, "end")),
      el("span", "sep"),
      button("Re-wrap", "Break the lines the project's way (W)", () => cueOp("rewrap", id)),
      button("Split", "Split at the cursor (Ctrl+Enter) or the playhead (S)", () => split(id)),
      button("Merge \u2193", "Merge with the next cue (M)", () => cueOp("merge", id)),
      button("Add after", "Add a cue after this one (A)", () => insert(id)),
      button("Delete", "Delete this cue (Delete)", () => cueOp("delete", id)),
    );
    return bar;
  }

  function subtitleLine(text) {
    // <i>, <b> and <u> as a player shows them; anything else stays text
    const div = el("div", "sub-line");
    const style = { i: 0, b: 0, u: 0 };
    const re = /<(\/?)([ibu])>/gi;
    let at = 0, m;
    const push = (s) => {
      if (!s) return;
      const span = el("span", null, s);
      if (style.i > 0) span.style.fontStyle = "italic";
      if (style.b > 0) span.style.fontWeight = "bold";
      if (style.u > 0) span.style.textDecoration = "underline";
      div.append(span);
    };
    while ((m = re.exec(text)) !== null) {
      push(text.slice(at, m.index));
      style[m[2].toLowerCase()] += m[1] ? -1 : 1;
      at = re.lastIndex;
    }
    push(text.slice(at));
    return div;
  }

  let overlaySig = "";
  function renderOverlay() {
    if (!S) return;
    const t = nowMs();
    const now = S.cues.filter((c) => c.start <= t && t < c.end);
    const sig = JSON.stringify(now.map((c) => [c.id, c.lines]));
    const id = now.length ? now[0].id : null;
    if (id !== activeId) {
      const old = cards.get(activeId);
      if (old) old.node.classList.remove("active");
      activeId = id;
      const k = cards.get(id);
      if (k) {
        k.node.classList.add("active");
        const editingNow = document.activeElement && document.activeElement.tagName === "TEXTAREA";
        if (!video.paused && !editingNow && Date.now() - lastUserScroll > 4000) {
          k.node.scrollIntoView({ block: "nearest" });
        }
      }
      $("where").textContent = id !== null ? "cue " + (pos.get(id) + 1) : "";
    }
    $("clock").textContent = clock(t);
    if (sig === overlaySig) return;
    overlaySig = sig;
    const o = $("overlay");
    o.replaceChildren();
    for (const c of now) {
      const box = el("div", "sub-cue");
      for (const line of c.lines) box.append(subtitleLine(line));
      o.append(box);
    }
  }

  // ---------------------------------------------------------------- waveform
  function drawWave() {
    const cv = $("wave");
    if (!S || cv.hidden) return;
    const dpr = window.devicePixelRatio || 1;
    const w = cv.clientWidth, h = cv.clientHeight;
    if (!w) return;
    if (cv.width !== Math.round(w * dpr)) cv.width = Math.round(w * dpr);
    if (cv.height !== Math.round(h * dpr)) cv.height = Math.round(h * dpr);
    const g = cv.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const span = S.file.video ? 16000 : 30000;
    const t0 = nowMs() - span / 2;
    const x = (ms) => ((ms - t0) / span) * w;
    g.fillStyle = "#15181d"; g.fillRect(0, 0, w, h);
    for (const c of S.cues) {
      if (c.end < t0 || c.start > t0 + span) continue;
      g.fillStyle = c.id === selected ? "rgba(255, 196, 0, 0.30)" : "rgba(120, 170, 255, 0.18)";
      g.fillRect(x(c.start), 0, Math.max(1, x(c.end) - x(c.start)), h);
      g.fillStyle = "#9fb4d9"; g.font = "11px system-ui, sans-serif";
      g.fillText(String(pos.get(c.id) + 1), x(c.start) + 3, 12);
    }
    if (peaks) {
      g.fillStyle = "#7fd1a8";
      for (let px = 0; px < w; px++) {
        const i = Math.floor(((t0 + (px / w) * span) / 1000) * peaksPerS);
        if (i < 0 || i >= peaks.length) continue;
        const v = (peaks[i] / 255) * (h * 0.42);
        g.fillRect(px, h / 2 - v, 1, Math.max(1, 2 * v));
      }
    }
    g.fillStyle = "#6b7380";
    for (let s = Math.ceil(t0 / 1000); s * 1000 < t0 + span; s++) {
      g.fillRect(x(s * 1000), h - (s % 5 ? 4 : 9), 1, s % 5 ? 4 : 9);
    }
    g.fillStyle = "#ff5252"; g.fillRect(w / 2 - 1, 0, 2, h);
  }
  function waveClick(ev) {
    const cv = $("wave");
    const span = S.file.video ? 16000 : 30000;
    const r = cv.getBoundingClientRect();
    seek(nowMs() - span / 2 + ((ev.clientX - r.left) / r.width) * span);
  }

  // ---------------------------------------------------------------- editing
  function select(id, opts) {
    if (id !== selected) flushText();
    selected = id;
    render();
    const k = cards.get(id);
    if (k) k.node.scrollIntoView({ block: "nearest" });
    if (opts && opts.seekTo !== undefined && opts.seekTo !== null) seek(opts.seekTo);
    if (opts && opts.focus && k) {
      const ta = k.node.querySelector("textarea");
      if (ta) ta.focus();
    }
  }
  function typed(id, ta) {
    if (typing && typing.id !== id) flushText();
    clearTimeout(typing && typing.timer);
    typing = { id: id, ta: ta, timer: setTimeout(flushText, 350) };
  }
  function flushText() {
    if (!typing) return queue;
    const t = typing;
    typing = null;
    clearTimeout(t.timer);
    if (t.ta.value === t.ta.dataset.server) return queue;
    t.ta.dataset.server = t.ta.value;
    return edit({ op: "text", id: t.id, text: t.ta.value, group: editGroup });
  }
  function cueOp(op, id) { flushText(); return edit({ op: op, id: id }); }
  function nudge(id, edge, frames) { flushText(); return edit({ op: "nudge", id: id, edge: edge, frames: frames }); }
  function toPlayhead(id, edge) { flushText(); return edit({ op: "time", id: id, edge: edge, ms: nowMs() }); }
  function insert(id) {
    flushText();
    return edit({ op: "insert", after: id, at_ms: nowMs() }).then((r) => {
      if (r && r.splice && r.splice.insert.length) {
        const added = r.splice.insert.find((c) => !cards.has(c.id) || c.lines.length === 0) || r.splice.insert[0];
        select(added.id, { focus: true });
      }
    });
  }
  function split(id) {
    const k = cards.get(id);
    const ta = k && k.node.querySelector("textarea");
    const op = { op: "split", id: id, at_ms: nowMs() };
    if (ta && document.activeElement === ta) {
      op.before = ta.value.slice(0, ta.selectionStart);
      op.after = ta.value.slice(ta.selectionEnd);
      typing = null;
    } else {
      const c = cueById(id);
      op.fraction = c && c.end > c.start ? (nowMs() - c.start) / (c.end - c.start) : 0.5;
      flushText();
    }
    return edit(op);
  }
  function checkWord() {
    const its = issues.get(selected) || [];
    const cur = its.find((it) => it.key === walkKey && it.rule === "unsure") ||
      its.find((it) => it.rule === "unsure" && !it.checked);
    if (cur) edit({ op: "check", key: cur.mark.key });
    else say("No unsure word in this cue.");
  }
  async function undoRedo(kind) {
    await flushText();
    send(kind, {});
  }

  // ---------------------------------------------------------------- saving
  async function save() {
    await flushText();
    try {
      const r = await post("save", {});
      apply(r);
      say("Saved " + r.saved + ". subtitler run and batch will not overwrite it.");
    } catch (err) { failed(err); }
  }
  async function saveAs() {
    await flushText();
    const stem = S.status.srt.replace(/\.srt$/i, "");
    const [choice, name] = await ask("Save as a new file",
      "A new .srt file in the same folder as " + S.status.srt + ". The page then edits that file.",
      [["save", "Save", true], ["cancel", "Cancel"]], stem + ".reviewed.srt");
    if (choice !== "save") return;
    try {
      const r = await post("save-as", { name: name });
      apply(r);
      say("Saved as " + r.saved + ".");
    } catch (err) { failed(err); }
  }
  async function conflict(message) {
    const [choice] = await ask("The file changed on disk", message,
      [["saveas", "Save as a new file\u2026", true], ["reload", "Reload from disk"], ["cancel", "Cancel"]]);
    if (choice === "saveas") saveAs();
    if (choice === "reload") {
      try {
        const r = await post("reload", {});
        apply(r);
        say(r.set_aside ? "Reloaded. Your edits were set aside in " + r.set_aside + "." : "Reloaded.");
      } catch (err) { failed(err); }
    }
  }
  async function journal() {
    journalAsked = true;
    const j = S.status.journal;
    let text = "The last review of " + S.status.srt + " ended with " + plural(j.steps, "edit") +
      " not saved (begun " + new Date(j.created).toLocaleString() + "). Restore them?";
    if (j.file_changed) text += " The file has changed on disk since: after restoring, Save will offer to save as a new name.";
    const [choice] = await ask("Unsaved edits found", text,
      [["restore", "Restore the edits", true], ["discard", "Set them aside"]]);
    try {
      const r = await post("journal", { action: choice === "restore" ? "restore" : "discard" });
      apply(r);
      say(choice === "restore" ? "Edits restored." : "Edits set aside (kept as a .discarded file beside the subtitles).");
    } catch (err) { failed(err); }
  }

  function ask(title, text, buttons, input) {
    const d = $("dialog");
    $("dialog-title").textContent = title;
    $("dialog-text").textContent = text;
    const field = $("dialog-field"), inp = $("dialog-input");
    field.hidden = input === undefined;
    if (input !== undefined) inp.value = input;
    const row = $("dialog-buttons");
    row.replaceChildren();
    return new Promise((resolve) => {
      const done = (v) => { d.close(); resolve([v, inp.value]); };
      for (const [value, label, primary] of buttons) {
        const b = el("button", primary ? "primary" : null, label);
        b.type = "button";
        b.dataset.value = value;
        b.addEventListener("click", () => done(value));
        row.append(b);
      }
      d.oncancel = (ev) => { ev.preventDefault(); done("cancel"); };
      inp.onkeydown = (ev) => { if (ev.key === "Enter") { ev.preventDefault(); done(buttons[0][0]); } };
      d.showModal();
      (input !== undefined ? inp : row.querySelector(".primary") || row.firstChild).focus();
    });
  }

  // ---------------------------------------------------------------- keyboard
  function selectStep(dir) {
    if (!S.cues.length) return;
    let i = selected === null ? (activeId !== null ? pos.get(activeId) : -1) : pos.get(selected);
    i = Math.min(S.cues.length - 1, Math.max(0, i + dir));
    select(S.cues[i].id, { seekTo: S.cues[i].start });
  }
  function playPause() {
    if (video.paused) video.play().catch((e) => say("Cannot play: " + e.message, true));
    else {
      video.pause();
      const c = cueAt(nowMs());
      if (c && !READONLY) select(c.id);
    }
  }
  function onKey(ev) {
    if ($("dialog").open) return;
    const ctrl = ev.ctrlKey || ev.metaKey;
    const inText = ev.target instanceof HTMLTextAreaElement || ev.target instanceof HTMLInputElement;
    const key = ev.key;
    if (ctrl && (key === "s" || key === "S")) { ev.preventDefault(); if (!READONLY) save(); return; }
    if (ctrl && !READONLY && (key === "z" || key === "Z")) { ev.preventDefault(); undoRedo(ev.shiftKey ? "redo" : "undo"); return; }
    if (ctrl && !READONLY && (key === "y" || key === "Y")) { ev.preventDefault(); undoRedo("redo"); return; }
    if (inText) {
      if (key === "Escape") { ev.preventDefault(); ev.target.blur(); }
      else if (ctrl && key === "Enter" && selected !== null) { ev.preventDefault(); split(selected); }
      return;
    }
    if (ctrl || ev.altKey) return;
    const id = selected;
    const editKeys = {
      Enter: () => select(id, { focus: true }),
      BracketLeft: () => nudge(id, ev.shiftKey ? "end" : "start", -1),
      BracketRight: () => nudge(id, ev.shiftKey ? "end" : "start", 1),
      KeyI: () => toPlayhead(id, "start"), KeyO: () => toPlayhead(id, "end"),
      KeyW: () => cueOp("rewrap", id), KeyS: () => split(id), KeyM: () => cueOp("merge", id),
      KeyA: () => insert(id), Delete: () => cueOp("delete", id), KeyC: () => checkWord(),
    };
    const code = ev.code === "Enter" || ev.code === "NumpadEnter" ? "Enter" : ev.code;
    if (key === " " || code === "Space") { ev.preventDefault(); playPause(); }
    else if (key === "ArrowDown") { ev.preventDefault(); selectStep(1); }
    else if (key === "ArrowUp") { ev.preventDefault(); selectStep(-1); }
    else if (key === "ArrowRight") { ev.preventDefault(); seek(nowMs() + (ev.shiftKey ? 5000 : 2000)); }
    else if (key === "ArrowLeft") { ev.preventDefault(); seek(nowMs() - (ev.shiftKey ? 5000 : 2000)); }
    else if (code === "KeyN") { ev.preventDefault(); walk(ev.shiftKey ? -1 : 1); }
    else if (key === "?") { ev.preventDefault(); $("help").open = !$("help").open; }
    else if (!READONLY && editKeys[code] && (id !== null || code === "KeyA")) {
      ev.preventDefault();
      if (id === null && code === "KeyA") edit({ op: "insert", after: null, at_ms: nowMs() });
      else editKeys[code]();
    } else if (!READONLY && editKeys[code]) {
      say("Select a cue first (click it, or use \u2191 \u2193).");
    }
  }

  // ---------------------------------------------------------------- start
  function about() {
    const p = S.profile, f = S.file;
    const bits = ["profile " + p.name + ": " + p.max_line_chars + " characters \u00d7 " + p.max_lines +
      " lines, " + p.max_cps + " cps, " + p.min_duration_ms + "\u2013" + p.max_duration_ms + " ms",
      "language " + f.language, "one frame = " + f.frame_ms + " ms"];
    if (f.glossary.length) bits.push("glossary " + f.glossary.join(", "));
    if (f.source) bits.push("source " + f.source);
    $("about").textContent = bits.join(" \u00b7 ");
  }

  let started = false;
  function start() {
    if (!started) {
      started = true;
      if (READONLY) document.body.classList.add("readonly");
      document.body.classList.toggle("audio-only", !S.file.video);
      document.body.classList.toggle("translator", !!S.file.source);
      video.src = READONLY ? S.file.media_url : "media?token=" + encodeURIComponent(TOKEN);
      video.addEventListener("error", () => {
        const box = $("media-error");
        box.hidden = false;
        box.textContent = "This browser cannot play " + S.file.media + " (" + S.file.type +
          "). You can still read and edit the subtitles; to watch, convert it, e.g. ffmpeg -i \"" +
          S.file.media + "\" -c:v libx264 -c:a aac converted.mp4";
      });
      for (const ev of ["timeupdate", "seeked", "loadedmetadata"]) {
        video.addEventListener(ev, () => { renderOverlay(); drawWave(); });
      }
      video.addEventListener("play", () => { $("play").textContent = "Pause"; tick(); });
      video.addEventListener("pause", () => { $("play").textContent = "Play"; });
      $("play").addEventListener("click", playPause);
      $("next-item").addEventListener("click", () => walk(1));
      $("prev-item").addEventListener("click", () => walk(-1));
      if (!READONLY) {
        $("undo").addEventListener("click", () => undoRedo("undo"));
        $("redo").addEventListener("click", () => undoRedo("redo"));
        $("save").addEventListener("click", save);
        $("save-as").addEventListener("click", saveAs);
      }
      $("wave").addEventListener("click", waveClick);
      document.addEventListener("keydown", onKey);
      for (const ev of ["wheel", "touchmove"]) {
        list.parentElement.addEventListener(ev, () => { lastUserScroll = Date.now(); }, { passive: true });
      }
      window.addEventListener("resize", drawWave);
      loadWaveform();
      about();
    }
    render();
  }
  function tick() {
    renderOverlay(); drawWave();
    if (!video.paused) requestAnimationFrame(tick);
  }
  async function loadWaveform() {
    let data = null;
    if (READONLY) data = S.waveform || null;
    else if (S.file.waveform) { try { data = await api("waveform"); } catch (e) { data = null; } }
    if (!data) { $("wave").hidden = !S.file.waveform; return; }
    const bin = atob(data.peaks);
    peaks = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) peaks[i] = bin.charCodeAt(i);
    peaksPerS = data.per_s;
    drawWave();
  }

  if (READONLY) { S = JSON.parse(embedded.textContent); start(); } else { load(); }
})();
