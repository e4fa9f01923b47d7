/* subtitler review: drawing the state: the header, the file's findings, the
 * glossary panel and the cue list (each card redrawn only where it changed). */
(function (R) {
  "use strict";
  const st = R.st;
  const el = R.el;

  R.render = function () {
    R.index();
    if (st.selected !== null && !st.pos.has(st.selected)) st.selected = null;
    renderBar();
    renderFileItems();
    renderGlossary();
    renderCues();
    R.renderOverlay();
    R.drawWave();
    if (st.doc.status && st.doc.status.journal && !st.journalAsked && !R.readonly) R.journal();
  };

  function renderBar() {
    const d = st.doc;
    const c = R.countsText();
    const counts = R.$("counts");
    counts.textContent = c.text;
    counts.className = "counts " + c.cls;
    R.$("next-item").disabled = R.$("prev-item").disabled = c.open === 0;
    R.$("file-name").textContent = d.status.subtitles + "  \u00b7  " + d.file.media;
    R.$("file-name").title = R.$("file-name").textContent;
    R.$("dirty").hidden = !d.status.dirty || R.readonly;
    if (!R.readonly) {
      R.$("undo").disabled = !d.status.can_undo;
      R.$("redo").disabled = !d.status.can_redo;
    }
    document.title = (d.status.dirty && !R.readonly ? "\u25cf " : "") + d.status.subtitles +
      " \u2014 subtitler review";
  }

  // ---------------------------------------------------------------- items
  function answerText(a) {
    const said = { right: "it is right", corrected: "corrected", undone: "change undone", accepted: "accepted" };
    return (said[a.verdict] || a.verdict) + (a.reason ? ": " + a.reason : "");
  }

  function button(label, aria, fn, cls) {
    const b = el("button", "small" + (cls ? " " + cls : ""), label);
    b.type = "button";
    if (aria) b.setAttribute("aria-label", aria);
    b.addEventListener("click", (ev) => { ev.stopPropagation(); fn(); });
    return b;
  }
  R.button = button;

  function itemNode(it) {
    const kind = it.severity ? "sev-" + it.severity : "kind-" + it.rule;
    const li = el("li", "issue " + kind);
    li.dataset.key = it.key;
    li.dataset.rule = it.rule;
    if (it.key === st.walkKey) li.classList.add("current");
    if (!it.open) li.classList.add("answered");
    const badge = it.severity === "error" ? "\u2716 error" : it.severity === "warning" ? "\u25b2 warning"
      : it.severity === "todo" ? "\u270e to do" : it.rule === "unsure" ? "? unsure" : "\u2139 glossary";
    li.append(el("span", "badge", badge));
    if (it.type === "finding" && it.severity !== "todo") li.append(el("span", "rule", it.rule));
    li.append(el("span", "msg", it.message));
    if (it.line !== null && it.line !== undefined && it.type === "finding" && it.cue === null) {
      li.append(el("span", "line", "line " + it.line));
    }
    if (it.answer) li.append(el("span", "answer", "\u2714 " + answerText(it.answer)));
    if (!R.readonly) li.append(...answerButtons(it));
    li.addEventListener("click", () => { st.walkKey = it.key; R.goTo(it); });
    return li;
  }

  function answerButtons(it) {
    const n = it.cue !== null ? " (cue " + R.number(it.cue) + ")" : "";
    if (it.answer) {
      return [button("Undo answer", "Take back the answer to: " + it.message, () => R.answer(it, null))];
    }
    const out = [];
    if (it.rule === "unsure") {
      out.push(button("\u2713 It is right", "The word is right" + n + ": " + it.mark.text, () => R.answer(it, "right")));
    } else if (it.rule === "glossary") {
      out.push(button("\u2713 Right", "The glossary change is right" + n, () => R.answer(it, "right")));
      out.push(button("\u21b6 Undo change", "Undo the glossary change" + n + ": back to \u201c" + it.mark.before + "\u201d",
        () => R.undoChange(it)));
    } else if (it.rule === "flag") {
      out.push(button("\u2713 Keep", "Keep the wording" + n, () => R.answer(it, "right")));
    } else if (it.severity === "error" || it.severity === "warning") {
      if (it.fix) {
        out.push(button("Use \u00ab" + it.fix.new + "\u00bb", "Use \u00ab" + it.fix.new + "\u00bb instead of \u00ab" +
          it.fix.old + "\u00bb" + n, () => R.useFix(it), "primary"));
      }
      if (st.accepting === it.key) out.push(reasonForm(it));
      else out.push(button("Accept\u2026", "Accept this finding with a reason" + n, () => { st.accepting = it.key; R.render(); focusReason(); }));
    }
    return out;
  }

  function focusReason() {
    const inp = document.querySelector(".reason input");
    if (inp) inp.focus();
  }

  function reasonForm(it) {
    const form = el("form", "reason");
    const inp = el("input");
    inp.type = "text";
    inp.maxLength = 300;
    inp.placeholder = "why it is acceptable here";
    inp.setAttribute("aria-label", "Reason to accept: " + it.message);
    const ok = el("button", "small primary", "Accept");
    ok.type = "submit";
    const cancel = button("Cancel", null, () => { st.accepting = null; R.render(); });
    form.append(inp, ok, cancel);
    form.addEventListener("click", (ev) => ev.stopPropagation());
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      st.accepting = null;
      R.answer(it, "accepted", inp.value);
    });
    inp.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") { ev.preventDefault(); st.accepting = null; R.render(); }
    });
    return form;
  }

  function renderFileItems() {
    const ul = R.$("file-issues");
    const sig = JSON.stringify([st.doc.status.notes, st.fileItems, st.walkKey, st.accepting]);
    if (ul.dataset.sig === sig) return;
    ul.dataset.sig = sig;
    ul.replaceChildren();
    for (const note of st.doc.status.notes || []) ul.append(el("li", "issue note", note));
    for (const it of st.fileItems) ul.append(itemNode(it));
    ul.hidden = !ul.children.length;
  }

  // ---------------------------------------------------------------- glossary panel
  function renderGlossary() {
    const box = R.$("glossary-panel");
    const rows = st.doc.glossary;
    box.hidden = !rows;
    if (!rows || box.dataset.done) return;
    box.dataset.done = "1";
    const ul = R.$("glossary-terms");
    ul.replaceChildren();
    if (!rows.length) ul.append(el("li", "muted", "No glossary term in the source."));
    for (const row of rows) {
      const li = el("li", "term");
      const src = el("span", "src", row.source);
      src.lang = st.doc.file.source_language || "";
      li.append(src, el("span", "arrow", "\u2192"));
      const use = el("span", "use", row.use.length ? row.use.map((u) => "\u00ab" + u + "\u00bb").join(" or ") : "(no approved rendering)");
      use.lang = st.doc.file.language || "";
      li.append(use);
      if (row.avoid.length) li.append(el("span", "avoid", "not " + row.avoid.map((u) => "\u00ab" + u + "\u00bb").join(", ")));
      const where = el("span", "where");
      for (const n of row.cues) {
        const b = button("source cue " + n, "Go to source cue " + n + " (" + row.source + ")", () => R.goToTime(row.start));
        where.append(b);
      }
      li.append(where);
      if (row.note) li.append(el("div", "note", row.note));
      ul.append(li);
    }
  }
  R.goToTime = function (ms) {
    const c = st.cues.find((x) => x.end > ms) || st.cues[st.cues.length - 1];
    if (c) R.select(c.id, { seekTo: c.start, focus: true });
  };

  // ---------------------------------------------------------------- cue list
  function part(k, name, sig, fill) {
    const s = JSON.stringify(sig);
    if (k.sig[name] === s) return;
    k.sig[name] = s;
    fill();
  }

  function renderCues() {
    const seen = new Set();
    st.cues.forEach((c, i) => {
      seen.add(c.id);
      const k = cardFor(c.id);
      updateCard(k, c, i + 1);
      const at = R.list.children[i];
      if (at !== k.node) R.list.insertBefore(k.node, at || null);
    });
    for (const [id, k] of st.cards) {
      if (!seen.has(id)) {
        if (st.box && st.box.id === id) st.box = null;
        k.node.remove();
        st.cards.delete(id);
      }
    }
  }

  function cardFor(id) {
    let k = st.cards.get(id);
    if (k) return k;
    k = { node: el("li", "cue"), head: el("div", "cue-head"), source: el("div", "cue-source"),
      body: el("div", "cue-body"), items: el("ul", "issues"), sig: {} };
    k.node.dataset.id = id;
    k.node.append(k.head, k.source, k.body, k.items);
    k.node.addEventListener("click", (ev) => {
      if (ev.target.closest("button, textarea, input, .issue, form")) return;
      if (st.selected === id) return;
      R.select(id, { seekTo: R.cueById(id).start });
    });
    st.cards.set(id, k);
    return k;
  }

  function updateCard(k, c, n) {
    const sel = c.id === st.selected;
    const its = st.items.get(c.id) || [];
    const open = its.filter((it) => it.open);
    k.node.classList.toggle("selected", sel);
    k.node.classList.toggle("active", c.id === st.activeId);
    k.node.classList.toggle("has-error", open.some((it) => it.severity === "error"));
    k.node.classList.toggle("has-warning", open.some((it) => it.severity === "warning"));
    k.node.classList.toggle("empty-cue", !c.lines.length);
    const editing = sel && !R.readonly;
    const te = st.timeEdit && st.timeEdit.id === c.id ? st.timeEdit.edge : null;
    part(k, "head", [c.from, c.to, c.duration, c.cps, c.total, n, editing, te], () => fillHead(k.head, c, n, editing));
    part(k, "source", [c.source || null, c.terms || null, editing], () => fillSource(k.source, c, editing));
    const marked = its.filter((it) => it.spans && it.spans.length);
    part(k, "body", editing ? ["edit", c.id] : ["text", c.lines, c.chars, marked.map((m) => [m.spans, m.rule, m.open])],
      () => (editing ? R.fillEditor(k.body, c) : fillText(k.body, c, marked)));
    if (editing) R.syncBox(k.body, c, n);
    part(k, "items", [its.map((it) => [it.key, it.message, it.severity, it.answer, it.fix || null]), st.walkKey, st.accepting, n],
      () => { k.items.replaceChildren(...its.map(itemNode)); });
  }

  function fillHead(h, c, n, editing) {
    h.replaceChildren();
    const num = el("button", "num", n);
    num.type = "button";
    num.setAttribute("aria-label", "Cue " + n + ", " + c.from + " to " + c.to + (editing ? " (selected)" : ": select it"));
    num.addEventListener("click", (ev) => { ev.stopPropagation(); R.select(c.id, { seekTo: c.start, focus: true }); });
    const cps = el("span", "cps", c.cps === null ? "\u221e cps" : c.cps.toFixed(1) + " cps");
    if (c.cps === null || c.cps > st.doc.profile.max_cps) cps.classList.add("over");
    h.append(num, timeNode(c, n, "start", editing), el("span", "arrow", "\u2192"), timeNode(c, n, "end", editing),
      el("span", "dur", c.duration), cps, el("span", "total", c.total + " ch"));
  }

  function timeNode(c, n, edge, editing) {
    const text = edge === "start" ? c.from : c.to;
    if (editing && st.timeEdit && st.timeEdit.id === c.id && st.timeEdit.edge === edge) {
      const inp = el("input", "time-input");
      inp.type = "text";
      inp.value = text;
      inp.setAttribute("aria-label", (edge === "start" ? "Start" : "End") + " of cue " + n +
        ": type a time (1.5 or 00:00:01.500), Enter to set");
      inp.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") { ev.preventDefault(); R.typedTime(c.id, edge, inp.value); }
        else if (ev.key === "Escape") { ev.preventDefault(); R.stopTimeEdit(); }
      });
      inp.addEventListener("blur", () => { if (st.timeEdit && st.timeEdit.id === c.id) R.stopTimeEdit(true); });
      inp.addEventListener("click", (ev) => ev.stopPropagation());
      queueMicrotask(() => { inp.focus(); inp.select(); });
      return inp;
    }
    if (!editing && edge === "end") return el("span", "to", text);
    const b = el("button", "time", text);
    b.type = "button";
    if (editing) {
      b.setAttribute("aria-label", (edge === "start" ? "Start" : "End") + " of cue " + n + ": " + text + ", type a new time");
      b.title = "Click to type a time";
      b.addEventListener("click", (ev) => { ev.stopPropagation(); R.editTime(c.id, edge); });
    } else {
      b.setAttribute("aria-label", "Play cue " + n + " from " + c.from);
      b.title = "Play from here";
      b.addEventListener("click", (ev) => {
        ev.stopPropagation();
        R.select(c.id, { seekTo: c.start });
        R.video.play().catch(() => {});
      });
    }
    return b;
  }

  function fillSource(box, c, editing) {
    box.hidden = !c.source;
    box.replaceChildren();
    if (!c.source) return;
    for (const line of c.source) {
      const d = el("div", "src-line", line);
      d.lang = st.doc.file.source_language || "";
      box.append(d);
    }
    if (c.terms && c.terms.length) {
      const row = el("div", "terms");
      row.append(el("span", "label", "Glossary:"));
      for (const t of c.terms) {
        const use = t.use[0];
        if (editing && use && !R.readonly) {
          const b = button(t.source + " \u2192 \u00ab" + use + "\u00bb", "Insert \u00ab" + use + "\u00bb (glossary: " + t.source + ") at the cursor",
            () => R.insertText(c.id, use), "term-chip");
          b.addEventListener("mousedown", (ev) => ev.preventDefault());
          row.append(b);
        } else {
          row.append(el("span", "term-chip", t.source + " \u2192 " + (use ? "\u00ab" + use + "\u00bb" : "?")));
        }
      }
      box.append(row);
    }
  }

  /* A line of cue text with <mark>s for the spans of marks and findings. */
  function markedLine(line, i, marks) {
    const txt = el("span", "txt");
    txt.lang = st.doc.file.language || "";
    const spans = [];
    for (const m of marks) for (const s of m.spans) if (s[0] === i) spans.push({ a: s[1], b: s[2], m: m });
    spans.sort((x, y) => x.a - y.a);
    let at = 0;
    for (const s of spans) {
      if (s.a < at) continue;
      txt.append(document.createTextNode(line.slice(at, s.a)));
      const cls = s.m.type === "finding" ? "m-term" : "m-" + s.m.rule;
      const mk = el("mark", cls + (s.m.open ? "" : " answered"), line.slice(s.a, s.b));
      mk.title = s.m.message;
      txt.append(mk);
      at = s.b;
    }
    txt.append(document.createTextNode(line.slice(at)));
    return txt;
  }

  function fillText(body, c, marks) {
    body.replaceChildren();
    if (!c.lines.length) { body.append(el("div", "line empty", st.doc.file.source ? "(not translated yet)" : "(no text)")); return; }
    c.lines.forEach((line, i) => {
      const row = el("div", "line");
      const count = el("span", "count", c.chars[i]);
      if (c.chars[i] > st.doc.profile.max_line_chars) count.classList.add("over");
      row.append(markedLine(line, i, marks), count);
      body.append(row);
    });
  }
  R.markedLine = markedLine;
})(window.SubtitlerReview);
