/* subtitler review: what to look at (findings and marks by cue) and the "next" walk. */
"use strict";
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
  if (n === undefined) {
    const items = walkItems();
    i = items.findIndex((x) => x.key === it.key);
    n = items.length;
  }
  walkKey = it.key;
  if (it.cue !== null && it.cue !== undefined && pos.has(it.cue)) {
    select(it.cue, { seekTo: it.t });
  } else {
    render();
    if (it.t !== null && it.t !== undefined) seek(it.t);
    const node = document.querySelector('#file-issues [data-key="' + CSS.escape(it.key) + '"]');
    if (node) node.scrollIntoView({ block: "nearest" });
  }
  if (n && i >= 0) $("counts").dataset.at = (i + 1) + " of " + n;
  renderBar();
  const node = document.querySelector('.issue[data-key="' + CSS.escape(it.key) + '"]');
  if (node) node.scrollIntoView({ block: "nearest" });
}
