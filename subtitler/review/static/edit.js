/* subtitler review: editing, saving, the journal and the dialogs. */
"use strict";
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
    say("Saved " + r.saved + ". subtitler run and batch will not overwrite it." +
      (r.changed ? " The cues now show what the file holds (times at the format's resolution)." : ""));
  } catch (err) { failed(err); }
}
async function saveAs() {
  await flushText();
  const m = /^(.+?)(\.[^.]+)?$/.exec(S.status.subtitles);
  const [choice, name] = await ask("Save as a new file",
    "A new file in the same folder as " + S.status.subtitles + " (" + S.status.format + "). " +
    "Its extension gives the format: " + S.file.extensions + "; another than this file's " +
    "converts it. The page then edits that file.",
    [["save", "Save", true], ["cancel", "Cancel"]], m[1] + ".reviewed" + (m[2] || ".srt"));
  if (choice !== "save") return;
  try {
    const r = await post("save-as", { name: name });
    apply(r);
    say("Saved as " + r.saved + (r.converted ? " (converted to " + r.converted + ")" : "") + ".");
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
  let text = "The last review of " + S.status.subtitles + " ended with " + plural(j.steps, "edit") +
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
