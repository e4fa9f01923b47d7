/* subtitler review: what to look at (findings and marks, by cue), the
 * counter, and the "Next" walk through what is left to check. */
(function (R) {
  "use strict";
  const st = R.st;
  const RANK = { error: 0, warning: 1, todo: 2 };
  const MARK_RANK = { unsure: 3, glossary: 4, flag: 4 };

  /* One item per finding or mark: {key, type, rule, severity, message, cue,
   * answer, spans, fix, mark, t (where to seek), open}. */
  R.index = function () {
    st.items = new Map();
    st.fileItems = [];
    const add = (id, it) => {
      if (!st.items.has(id)) st.items.set(id, []);
      st.items.get(id).push(it);
    };
    for (const f of st.fileFindings) {
      st.fileItems.push(Object.assign({ type: "finding", cue: null, t: f.at, open: !f.answer }, f));
    }
    for (const [id, list] of st.findings) {
      const c = R.cueById(id);
      if (!c) continue;
      for (const f of list) add(id, Object.assign({ type: "finding", cue: id, t: c.start, open: !f.answer }, f));
    }
    for (const [id, list] of st.marks) {
      const c = R.cueById(id);
      if (!c) continue;
      for (const m of list) {
        const near = m.kind === "unsure" || m.kind === "glossary" || m.kind === "flag";
        add(id, { type: "mark", key: m.key, rule: m.kind, severity: m.severity, message: m.message,
          cue: id, answer: m.answer, spans: m.spans, mark: m, open: !m.answer,
          t: near ? Math.max(c.start, m.start - 700) : c.start });
      }
    }
    const rank = (it) => (it.severity ? RANK[it.severity] : MARK_RANK[it.rule] || 5);
    for (const list of st.items.values()) list.sort((a, b) => rank(a) - rank(b));
  };

  /* The open items in file order (file-level first). */
  R.walkItems = function () {
    const out = st.fileItems.filter((it) => it.open).map((it) => Object.assign({ pos: -1 }, it));
    st.cues.forEach((c, i) => {
      for (const it of st.items.get(c.id) || []) if (it.open) out.push(Object.assign({ pos: i }, it));
    });
    return out;
  };

  R.walk = function (dir) {
    const items = R.walkItems();
    if (!items.length) { R.say("Nothing left to check."); return; }
    let i = items.findIndex((it) => it.key === st.walkKey);
    if (i >= 0) i = (i + dir + items.length) % items.length;
    else {
      const sp = st.selected === null ? -2 : st.pos.get(st.selected);
      if (dir > 0) { i = items.findIndex((it) => it.pos >= sp); if (i < 0) i = 0; }
      else {
        i = items.length - 1;
        for (let k = items.length - 1; k >= 0; k--) if (items[k].pos < sp) { i = k; break; }
      }
    }
    R.goTo(items[i]);
  };

  R.goTo = function (it) {
    st.walkKey = it.key;
    if (it.cue !== null && it.cue !== undefined && st.pos.has(it.cue)) {
      R.select(it.cue, { seekTo: it.t });
    } else {
      R.render();
      if (it.t !== null && it.t !== undefined) R.seek(it.t);
    }
    const node = document.querySelector('.issue[data-key="' + CSS.escape(it.key) + '"]');
    if (node) node.scrollIntoView({ block: "nearest" });
  };

  /* The counter: what is left to check, or that nothing is. */
  R.countsText = function () {
    const c = st.doc.counts;
    const parts = [];
    if (c.total !== undefined) parts.push(c.translated + " of " + c.total + " translated");
    if (c.errors) parts.push(R.plural(c.errors, "error"));
    if (c.warnings) parts.push(R.plural(c.warnings, "warning"));
    if (c.unsure) parts.push(R.plural(c.unsure, "unsure word"));
    if (c.glossary) parts.push(R.plural(c.glossary, "glossary change"));
    const open = c.open;
    if (!open) return { text: "Nothing left to check", cls: "clean", open: 0 };
    return { text: parts.join(" \u00b7 "), cls: c.errors ? "has-errors" : "has-warnings", open: open };
  };
})(window.SubtitlerReview);
