/* subtitler review: editing. The text box of the selected cue, and every
 * change sent to the server (which applies it and answers with what
 * changed: the box, the list and the overlay all show that answer).
 *
 * The box holds what the server holds for its cue, except for keystrokes
 * not sent yet (`st.box.timer`). Any other edit first sends those; the box
 * stays open meanwhile, and what is typed while the edit is in flight is
 * put on the server's answer (`keepTyping`); without typing the box shows
 * the server's text again if it differs (a split, an undo). */
(function (R) {
  "use strict";
  const st = R.st;
  const el = R.el;
  const TYPING_MS = 350;

  R.select = function (id, opts) {
    if (id !== st.selected) {
      R.flushText();
      st.timeEdit = null;
      st.accepting = null;
    }
    st.selected = id;
    R.render();
    const k = st.cards.get(id);
    if (k) k.node.scrollIntoView({ block: "nearest" });
    if (opts && opts.seekTo !== undefined && opts.seekTo !== null) R.seek(opts.seekTo);
    if (opts && opts.focus && k) {
      const ta = k.node.querySelector("textarea");
      if (ta) {
        ta.focus();
        if (opts.caret !== undefined) ta.setSelectionRange(opts.caret, opts.caret);
      }
    }
  };

  // ---------------------------------------------------------------- the box
  R.fillEditor = function (body, c) {
    body.replaceChildren();
    const ta = el("textarea", "editor");
    ta.rows = Math.max(2, c.lines.length);
    ta.value = c.lines.join("\n");
    ta.spellcheck = true;
    ta.lang = st.doc.file.language || "";
    ta.addEventListener("focus", () => { st.group += 1; });
    ta.addEventListener("input", () => typed(c.id));
    ta.addEventListener("blur", () => { keepCaret(c.id, ta); R.flushText(); });
    ta.addEventListener("select", () => keepCaret(c.id, ta));
    ta.addEventListener("keyup", () => keepCaret(c.id, ta));
    ta.addEventListener("mouseup", () => keepCaret(c.id, ta));
    st.box = { id: c.id, ta: ta, timer: null };
    body.append(ta, el("div", "line-counts"), toolbar(c.id));
  };

  function keepCaret(id, ta) {
    st.caret = { id: id, start: ta.selectionStart, end: ta.selectionEnd, value: ta.value };
  }

  /* After a reply: the box shows the server's text unless keystrokes wait. */
  R.syncBox = function (body, c, n) {
    const ta = body.querySelector("textarea");
    if (!ta) return;
    ta.setAttribute("aria-label", "Text of cue " + n);
    for (const b of body.querySelectorAll("[data-label]")) b.setAttribute("aria-label", b.dataset.label.replace("#", n));
    const server = c.lines.join("\n");
    const b = st.box;
    const waiting = b && b.id === c.id && b.timer !== null;
    if (!waiting && R.normal(ta.value) !== server) {
      const at = Math.min(ta.selectionStart, server.length);
      const focused = document.activeElement === ta;
      ta.value = server;
      if (focused) ta.setSelectionRange(at, at);
    }
    ta.rows = Math.max(2, ta.value.split("\n").length);
    const counts = body.querySelector(".line-counts");
    counts.replaceChildren(...c.chars.map((k, i) => el("span", "count" + (k > st.doc.profile.max_line_chars ? " over" : ""),
      "line " + (i + 1) + ": " + k)));
  };

  function typed(id) {
    const b = st.box;
    if (!b || b.id !== id) return;
    if (st.typing && st.typing.ta === b.ta) st.typing.typed = true;
    clearTimeout(b.timer);
    b.timer = setTimeout(R.flushText, TYPING_MS);
  }

  /* The one stretch where `now` differs from `base`: base[at, end) became `text`. */
  function changed(base, now) {
    let at = 0;
    while (at < base.length && at < now.length && base[at] === now[at]) at += 1;
    let z = 0;
    while (z < base.length - at && z < now.length - at &&
           base[base.length - 1 - z] === now[now.length - 1 - z]) z += 1;
    return { at: at, end: base.length - z, text: now.slice(at, now.length - z) };
  }

  /* What the person typed (`d`, a change of `base`) put on `server`, the
   * server's text for the same words after other edits: where those edits
   * changed other words, both are kept; where they changed the same words,
   * the person's wins. {text, caret: the end of what was typed} */
  function onto(base, server, d) {
    const s = changed(base, server);
    let shift = 0;
    if (d.end <= s.at) shift = 0;
    else if (d.at >= s.end) shift = server.length - base.length;
    else server = base; // both changed these words: the person's typing wins
    const head = server.slice(0, d.at + shift) + d.text;
    return { text: head + server.slice(d.end + shift), caret: head.length };
  }

  /* Put `text` in cue `id` (its box when it has the box) and send it. */
  function retype(id, text, caret) {
    const b = st.box;
    if (b && b.id === id) {
      clearTimeout(b.timer);
      b.timer = null;
      if (b.ta.value !== text) {
        b.ta.value = text;
        if (document.activeElement === b.ta) b.ta.setSelectionRange(caret, caret);
      }
    }
    return R.send("edit", { op: { op: "text", id: id, text: text, group: st.group } });
  }

  /* Send the box's keystrokes now (the promise settles when the server has
   * them). While an edit that may change the box's text is in flight, they
   * wait for its answer (`change`). A page
   * behind the server (another tab edited) takes the server's state and
   * sends the keystrokes again, on the cue's new text. */
  R.flushText = function () {
    const b = st.box;
    if (!b || b.timer === null || (st.typing && st.typing.ta === b.ta)) return st.queue;
    clearTimeout(b.timer);
    b.timer = null;
    const c = R.cueById(b.id);
    if (!c || R.normal(b.ta.value) === c.lines.join("\n")) return st.queue;
    const id = b.id, base = c.lines.join("\n"), sent = b.ta.value, group = st.group;
    const n = st.posts + 1;
    return R.queued(async () => {
      try {
        R.applied(await R.api("edit", { version: st.doc.version, op: { op: "text", id: id, text: sent, group: group } }), n);
      } catch (err) {
        if (err.data && err.data.stale) await rejoin(id, base, sent);
        else R.failed(err);
      }
    });
  };

  /* The server's state (another tab's edits), and what was typed on `base`
   * in cue `id` put on it. Runs in the queue: later edits wait for it. */
  async function rejoin(id, base, sent) {
    let r;
    try { r = await R.api("state"); } catch (err) { R.failed(err); return; }
    const b = st.box && st.box.id === id ? st.box : null;
    const now = b ? b.ta.value : sent; // with what was typed meanwhile
    if (b) { clearTimeout(b.timer); b.timer = null; }
    R.apply(r);
    const c = R.cueById(id);
    if (!c) {
      R.say("Another tab of this review deleted the cue you were typing in. Your words: " + now, true);
      return;
    }
    const t = onto(base, c.lines.join("\n"), changed(base, now));
    if (b && st.box === b && b.ta.value !== t.text) {
      b.ta.value = t.text;
      if (document.activeElement === b.ta) b.ta.setSelectionRange(t.caret, t.caret);
    }
    try {
      R.applied(await R.api("edit", { version: st.doc.version, op: { op: "text", id: id, text: t.text, group: st.group } }));
      R.say("This review was edited in another tab: the page shows those edits now, and what you typed was kept.");
    } catch (err) { R.failed(err); }
  }

  /* An edit that may change the box's text: keystrokes first; what is typed
   * while it is in flight then goes on the server's answer, in the box's
   * cue, or where `moved(reply)` says ({id, from}: typing at or after
   * `from` in the box's text went to the start of cue `id`); then a new
   * undo step for further typing. */
  async function change(path, body, moved) {
    R.flushText();
    if (st.busy === 0) st.typing = st.box ? { id: st.box.id, ta: st.box.ta, value: st.box.ta.value, typed: false } : null;
    st.busy += 1;
    let r = null;
    try {
      r = await R.send(path, body);
    } finally {
      st.busy -= 1;
      st.group += 1;
    }
    const t = st.busy === 0 ? st.typing : null;
    if (st.busy === 0) st.typing = null;
    if (t && t.typed && st.box && st.box.ta === t.ta) { clearTimeout(st.box.timer); st.box.timer = null; }
    const where = moved ? moved(r) : null;
    if (t && t.typed) keepTyping(t, where);
    if (st.busy === 0) R.flushText(); // keystrokes that waited in another box
    return r;
  }

  function keepTyping(t, where) {
    let d = changed(t.value, t.ta.value);
    let id = t.id, base = t.value;
    if (where && d.at >= where.from) {
      id = where.id;
      base = t.value.slice(where.from);
      d = { at: d.at - where.from, end: d.end - where.from, text: d.text };
    } else if (where) {
      base = t.value.slice(0, where.from);
      d = { at: d.at, end: Math.min(d.end, where.from), text: d.text };
    }
    const c = R.cueById(id);
    if (!c) {
      R.say("The cue you were typing in is gone (an edit removed it). Your words: " + t.ta.value, true);
      return;
    }
    const done = onto(base, c.lines.join("\n"), d);
    retype(id, done.text, done.caret);
  }
  R.change = change;
  R.edit = (op) => change("edit", { op: op });

  R.insertText = function (id, text) {
    const b = st.box;
    if (!b || b.id !== id) return;
    const ta = b.ta;
    const c = st.caret && st.caret.id === id && st.caret.value === ta.value ? st.caret : { start: ta.value.length, end: ta.value.length };
    const before = ta.value.slice(0, c.start), after = ta.value.slice(c.end);
    const sep = before && !/\s$/.test(before) ? " " : "";
    const sep2 = after && !/^[\s.,;:!?]/.test(after) ? " " : "";
    ta.value = before + sep + text + sep2 + after;
    const at = (before + sep + text).length;
    ta.focus();
    ta.setSelectionRange(at, at);
    keepCaret(id, ta);
    typed(id);
    R.flushText();
  };

  // ---------------------------------------------------------------- cue edits
  function label(text, n) {
    return text.replace("#", n);
  }
  function tool(text, aria, fn) {
    const b = R.button(text, null, fn);
    b.dataset.label = aria;
    // keep the cursor in the box: the box's caret is where Split cuts
    b.addEventListener("mousedown", (ev) => ev.preventDefault());
    return b;
  }
  function toolbar(id) {
    const bar = el("div", "toolbar");
    const f = st.doc.file.frame_ms;
    bar.append(
      el("span", "label", "start"),
      tool("\u2212" + "1f", "Start of cue #: one frame earlier (" + f + " ms; Ctrl+[)", () => R.nudge(id, "start", -1)),
      tool("+1f", "Start of cue #: one frame later (Ctrl+])", () => R.nudge(id, "start", 1)),
      tool("\u21a6 playhead", "Start of cue #: at the playhead (Alt+I)", () => R.toPlayhead(id, "start")),
      el("span", "label", "end"),
      tool("\u2212" + "1f", "End of cue #: one frame earlier (Ctrl+Shift+[)", () => R.nudge(id, "end", -1)),
      tool("+1f", "End of cue #: one frame later (Ctrl+Shift+])", () => R.nudge(id, "end", 1)),
      tool("\u21a4 playhead", "End of cue #: at the playhead (Alt+O)", () => R.toPlayhead(id, "end")),
      el("span", "sep"),
      tool("Re-wrap", "Re-wrap cue # the project's way (Alt+W)", () => R.edit({ op: "rewrap", id: id })),
      tool("Split", "Split cue # at the cursor, or at the playhead (Ctrl+Enter)", () => R.split(id)),
      tool("Merge \u2193", "Merge cue # with the next (Alt+M)", () => R.edit({ op: "merge", id: id })),
      tool("Add after", "Add a cue after cue # (Alt+A)", () => R.insert(id)),
      tool("Delete", "Delete cue # (Ctrl+Delete)", () => R.remove(id)),
    );
    for (const b of bar.querySelectorAll("[data-label]")) b.title = b.dataset.label.replace("cue #", "this cue");
    bar.dataset.n = "";
    return bar;
  }
  R.label = label;

  R.nudge = (id, edge, frames) => R.edit({ op: "nudge", id: id, edge: edge, frames: frames });
  R.toPlayhead = (id, edge) => R.edit({ op: "time", id: id, edge: edge, ms: R.nowMs() });
  R.retime = function (id, edge, ms) {
    return R.edit({ op: "time", id: id, edge: edge, ms: ms }).then((r) => {
      if (r) R.say((edge === "start" ? "Start" : "End") + " of cue " + R.number(id) + " set to " + R.clock(ms) + ".");
    });
  };

  R.editTime = function (id, edge) {
    R.flushText();
    st.timeEdit = { id: id, edge: edge };
    R.render();
  };
  R.stopTimeEdit = function (quiet) {
    st.timeEdit = null;
    R.render();
    if (!quiet) {
      const k = st.cards.get(st.selected);
      const ta = k && k.node.querySelector("textarea");
      if (ta) ta.focus();
    }
  };
  R.typedTime = async function (id, edge, text) {
    const r = await R.edit({ op: "time", id: id, edge: edge, text: text });
    if (r) R.stopTimeEdit();
  };

  R.insert = async function (id) {
    const before = new Set(st.cues.map((c) => c.id));
    const r = await R.edit({ op: "insert", after: id, at_ms: R.nowMs() });
    const added = r && st.cues.find((c) => !before.has(c.id));
    if (added) R.select(added.id, { focus: true });
  };

  R.remove = async function (id) {
    const n = R.number(id);
    const r = await R.edit({ op: "delete", id: id });
    if (r) R.say("Deleted cue " + n + ".", false, { label: "Undo", run: () => R.undoRedo("undo") });
  };

  /* Split at the box's cursor (where it is, or was when the box lost the
   * focus), else at the playhead between two words. */
  R.split = async function (id) {
    const b = st.box;
    const op = { op: "split", id: id, at_ms: R.nowMs() };
    let caret = null;
    if (b && b.id === id) {
      const ta = b.ta;
      if (document.activeElement === ta) caret = { start: ta.selectionStart, end: ta.selectionEnd };
      else if (st.caret && st.caret.id === id && st.caret.value === ta.value) caret = st.caret;
      if (caret) {
        // selected words go to the second part, as the words after the cursor
        op.before = ta.value.slice(0, caret.start);
        op.after = ta.value.slice(caret.start);
      }
    }
    const known = new Set(st.cues.map((c) => c.id));
    await change("edit", { op: op }, (r) => {
      const added = r && st.cues.find((c) => !known.has(c.id));
      if (!added) return null;
      R.select(added.id, { focus: caret !== null, caret: 0 });
      return caret ? { id: added.id, from: caret.start } : null;
    });
  };

  // ---------------------------------------------------------------- answers
  R.answer = function (it, verdict, reason) {
    return R.edit({ op: "answer", answer: { key: it.key, verdict: verdict, reason: reason || "" } });
  };
  R.undoChange = function (it) {
    const s = it.spans[0];
    return R.edit({ op: "replace", id: it.cue, old: it.mark.text, new: it.mark.before,
      line: s ? s[0] : null, column: s ? s[1] : null,
      answer: { key: it.key, verdict: "undone" } });
  };
  R.useFix = function (it) {
    const s = it.spans && it.spans[0];
    return R.edit({ op: "replace", id: it.cue, old: it.fix.old, new: it.fix.new,
      line: s ? s[0] : null, column: s ? s[1] : null });
  };
  /* Alt+C: the word (or glossary change) the walk is on, or the selected cue's first, is right. */
  R.itIsRight = function () {
    const its = (st.items.get(st.selected) || []).filter((it) => it.open && it.type === "mark" && !it.severity);
    const cur = its.find((it) => it.key === st.walkKey) || its[0];
    if (cur) R.answer(cur, "right");
    else R.say("No unsure word or glossary change to answer in this cue.");
  };

  R.undoRedo = function (kind) {
    return change(kind, {});
  };

  // ---------------------------------------------------------------- saving
  /* A note from the server as a sentence of the message (none: ""). */
  const sentence = (note) => (note ? " " + note.charAt(0).toUpperCase() + note.slice(1) + "." : "");
  R.save = async function () {
    while (st.busy > 0) await st.queue; // what is typed meanwhile is saved too
    await R.flushText();
    try {
      const r = await R.post("save", {});
      R.apply(r);
      const left = R.countsText();
      const protectedNote = st.doc.status.protected ? " subtitler run and batch will not overwrite it." : "";
      const rounded = r.changed ? " The cues now show what the file holds (times at the format's resolution)." : "";
      const status = left.open ? " Still to check: " + left.text + "." : " Nothing left to check.";
      R.say("Saved " + r.saved + "." + status + protectedNote + rounded + sentence(r.untranslated) + sentence(r.kept));
    } catch (err) { R.failed(err); }
  };
  R.saveAs = async function () {
    await R.flushText();
    const name0 = st.doc.status.subtitles;
    const m = /^(.+?)(\.[^.]+)?$/.exec(name0);
    const [choice, name] = await R.ask("Save as a new file",
      "A new file in the same folder as " + name0 + " (" + st.doc.status.format + "). " +
      "Its extension gives the format: " + st.doc.file.extensions + "; another than this file's " +
      "converts it. The page then edits that file.",
      [["save", "Save", true], ["cancel", "Cancel"]], m[1] + ".reviewed" + (m[2] || ".srt"));
    if (choice !== "save") return;
    try {
      const r = await R.post("save-as", { name: name });
      R.apply(r);
      R.say("Saved as " + r.saved + (r.converted ? " (converted to " + r.converted + ")" : "") + "." +
        sentence(r.untranslated));
    } catch (err) { R.failed(err); }
  };
  R.conflict = async function (message) {
    const [choice] = await R.ask("The file changed on disk", message,
      [["saveas", "Save as a new file\u2026", true], ["reload", "Reload from disk"], ["cancel", "Cancel"]]);
    if (choice === "saveas") R.saveAs();
    if (choice === "reload") {
      try {
        const r = await R.post("reload", {});
        R.apply(r);
        R.say(r.set_aside ? "Reloaded. Your edits were set aside in " + r.set_aside + "." : "Reloaded.");
      } catch (err) { R.failed(err); }
    }
  };
  R.journal = async function () {
    st.journalAsked = true;
    const j = st.doc.status.journal;
    const what = [];
    if (j.cues) what.push("changes to " + R.plural(j.cues, "cue"));
    if (j.answers) what.push(R.plural(j.answers, "answer"));
    let text = "The last review of " + st.doc.status.subtitles + " ended with " +
      (what.length ? what.join(" and ") : "edits") + " not saved (begun " +
      new Date(j.created).toLocaleString() + "). Restore them?";
    if (j.file_changed) text += " The file has changed on disk since: after restoring, Save will offer to save as a new name.";
    const [choice] = await R.ask("Unsaved edits found", text,
      [["restore", "Restore the edits", true], ["discard", "Set them aside"]]);
    try {
      const r = await R.post("journal", { action: choice === "restore" ? "restore" : "discard" });
      R.apply(r);
      R.say(choice === "restore" ? "Edits restored." : "Edits set aside (kept as a .discarded file beside the subtitles).");
    } catch (err) { R.failed(err); }
  };

  R.ask = function (title, text, buttons, input) {
    const d = R.$("dialog");
    R.$("dialog-title").textContent = title;
    R.$("dialog-text").textContent = text;
    const field = R.$("dialog-field"), inp = R.$("dialog-input");
    field.hidden = input === undefined;
    if (input !== undefined) inp.value = input;
    const row = R.$("dialog-buttons");
    row.replaceChildren();
    return new Promise((resolve) => {
      const done = (v) => { d.close(); resolve([v, inp.value]); };
      for (const [value, text2, primary] of buttons) {
        const b = el("button", primary ? "primary" : null, text2);
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
  };
})(window.SubtitlerReview);
