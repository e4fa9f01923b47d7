/* subtitler review: the counter, the file-level findings and the cue list. */
"use strict";
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
  $("file-name").textContent = S.status.subtitles + "  \u00b7  " + S.file.media;
  $("dirty").hidden = !S.status.dirty || READONLY;
  if (!READONLY) {
    $("undo").disabled = !S.status.can_undo;
    $("redo").disabled = !S.status.can_redo;
  }
  document.title = (S.status.dirty && !READONLY ? "\u25cf " : "") + S.status.subtitles + " \u2014 subtitler review";
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
