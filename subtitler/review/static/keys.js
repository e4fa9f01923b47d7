/* subtitler review: the keyboard. One table: what each key does, where, and
 * the help the page lists. Keys are read by `ev.key` (the character the
 * layout gives), so they are the same on AZERTY and QWERTZ; a key that
 * gives no ASCII character (Cyrillic, Greek, a Mac's Option+letter) counts
 * as the key at its place on a US keyboard (`ev.code`). No key without
 * Ctrl or Alt changes the subtitles: letters alone only move around.
 * Enter and Space on a focused button, link or field do what they do there. */
(function (R) {
  "use strict";
  const st = R.st;

  const sel = () => st.selected;
  const need = (fn) => () => {
    if (st.selected === null) { R.say("Select a cue first (click it, or use \u2191 \u2193)."); return; }
    fn(st.selected);
  };

  /* [keys shown, where ("any", "list": outside a text field, "text": in the
   * cue's box), edits?, what it does, match(ev), run(ev)] */
  const KEYS = [
    ["Shift+Space", "any", false, "play / pause (also while typing)",
      (e) => e.key === " " && e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey, () => R.playPause()],
    ["Space", "list", false, "play / pause", (e) => e.key === " " && !mod(e), () => R.playPause()],
    ["\u2191 \u2193", "list", false, "previous / next cue",
      (e) => (e.key === "ArrowUp" || e.key === "ArrowDown") && !mod(e), (e) => step(e.key === "ArrowDown" ? 1 : -1)],
    ["Alt+\u2191 Alt+\u2193", "any", false, "previous / next cue, keeping on typing",
      (e) => (e.key === "ArrowUp" || e.key === "ArrowDown") && e.altKey && !e.ctrlKey && !e.metaKey,
      (e) => step(e.key === "ArrowDown" ? 1 : -1, true)],
    ["\u2190 \u2192", "list", false, "back / forward 2 s (Shift: 5 s)",
      (e) => (e.key === "ArrowLeft" || e.key === "ArrowRight") && !e.ctrlKey && !e.altKey && !e.metaKey,
      (e) => R.seek(R.nowMs() + (e.key === "ArrowRight" ? 1 : -1) * (e.shiftKey ? 5000 : 2000))],
    ["N, Shift+N", "list", false, "next / previous thing to check",
      (e) => isKey(e, "n") && !e.ctrlKey && !e.altKey && !e.metaKey, (e) => R.walk(e.shiftKey ? -1 : 1)],
    ["Alt+N, Alt+Shift+N", "any", false, "next / previous thing to check, from the box too",
      (e) => isKey(e, "n") && e.altKey && !e.ctrlKey, (e) => R.walk(e.shiftKey ? -1 : 1)],
    ["Enter", "list", false, "type in the selected cue (Esc: back to the list)",
      (e) => e.key === "Enter" && !mod(e), need((id) => R.select(id, { focus: true }))],
    ["Ctrl+Enter", "any", true, "split: at the cursor while typing, else at the playhead between words",
      (e) => e.key === "Enter" && ctrl(e) && !e.shiftKey, need((id) => R.split(id))],
    ["Ctrl+[ Ctrl+]", "any", true, "start one frame earlier / later",
      (e) => ctrl(e) && !e.shiftKey && (e.key === "[" || e.key === "]"), (e) => need((id) => R.nudge(id, "start", e.key === "]" ? 1 : -1))()],
    ["Ctrl+Shift+[ Ctrl+Shift+]", "any", true, "end one frame earlier / later",
      (e) => ctrl(e) && e.shiftKey && ["[", "]", "{", "}"].includes(e.key),
      (e) => need((id) => R.nudge(id, "end", e.key === "]" || e.key === "}" ? 1 : -1))()],
    ["Alt+I, Alt+O", "any", true, "start / end at the playhead",
      (e) => e.altKey && !e.ctrlKey && (isKey(e, "i") || isKey(e, "o")),
      (e) => need((id) => R.toPlayhead(id, isKey(e, "i") ? "start" : "end"))()],
    ["Alt+W", "any", true, "re-wrap the lines", (e) => e.altKey && !e.ctrlKey && isKey(e, "w"),
      need((id) => R.edit({ op: "rewrap", id: id }))],
    ["Alt+M", "any", true, "merge with the next cue", (e) => e.altKey && !e.ctrlKey && isKey(e, "m"),
      need((id) => R.edit({ op: "merge", id: id }))],
    ["Alt+A", "any", true, "add a cue after this one (or at the playhead, in a gap)",
      (e) => e.altKey && !e.ctrlKey && isKey(e, "a"),
      () => (sel() === null ? R.edit({ op: "insert", after: null, at_ms: R.nowMs() }) : R.insert(sel()))],
    ["Ctrl+Delete", "list", true, "delete the cue (there is an Undo)",
      (e) => ctrl(e) && e.key === "Delete", need((id) => R.remove(id))],
    ["Alt+C", "any", true, "the unsure word (or glossary change) is right",
      (e) => e.altKey && !e.ctrlKey && isKey(e, "c"), () => R.itIsRight()],
    ["Alt+L", "any", false, "loop the selected cue on / off", (e) => e.altKey && !e.ctrlKey && isKey(e, "l"),
      () => R.setLoop(!st.play.loop)],
    ["Alt+, Alt+.", "any", false, "slower / faster",
      (e) => e.altKey && !e.ctrlKey && (isKey(e, ",") || isKey(e, ".")), (e) => R.speedStep(isKey(e, ".") ? 1 : -1)],
    ["Ctrl+Z, Ctrl+Shift+Z", "any", true, "undo, redo (in the box too)",
      (e) => ctrl(e) && isKey(e, "z"), (e) => R.undoRedo(e.shiftKey ? "redo" : "undo")],
    ["Ctrl+Y", "any", true, "redo", (e) => ctrl(e) && !e.shiftKey && isKey(e, "y"), () => R.undoRedo("redo")],
    ["Ctrl+S", "any", true, "save", (e) => ctrl(e) && !e.shiftKey && isKey(e, "s"), () => R.save()],
    ["?", "list", false, "show / hide this list", (e) => e.key === "?" && !e.ctrlKey && !e.altKey,
      () => { R.$("help").open = !R.$("help").open; }],
  ];

  function ctrl(e) { return (e.ctrlKey || e.metaKey) && !e.altKey; }
  function mod(e) { return e.ctrlKey || e.altKey || e.metaKey || e.shiftKey; }
  const PLACES = { ",": "Comma", ".": "Period" };
  /* The key gives `char` (a lower-case letter, "," or "."): by the
   * character the layout gives, or, when that is no ASCII character, by the
   * key's place (AZERTY's "," is where M is: it is ",", never M). */
  function isKey(e, char) {
    const k = e.key.toLowerCase();
    if (k === char) return true;
    return k.length === 1 && !/[ -~]/.test(k) && e.code === (PLACES[char] || "Key" + char.toUpperCase());
  }

  function step(dir, keepTyping) {
    if (!st.cues.length) return;
    const from = st.selected !== null ? st.pos.get(st.selected) : st.activeId !== null ? st.pos.get(st.activeId) : -1;
    const i = Math.min(st.cues.length - 1, Math.max(0, from + dir));
    const c = st.cues[i];
    R.select(c.id, { seekTo: c.start, focus: keepTyping && document.activeElement.tagName === "TEXTAREA" });
  }

  /* A focused control that takes Enter and Space itself. */
  function control(t) {
    return t instanceof Element && t.closest("button, a[href], select, input, textarea, summary, [role=button], [contenteditable]") !== null;
  }

  R.onKey = function (ev) {
    if (R.$("dialog").open) return;
    const t = ev.target;
    const field = t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement || t instanceof HTMLSelectElement;
    if ((ev.key === "Enter" || ev.key === " ") && !ev.ctrlKey && !ev.altKey && !ev.metaKey && control(t) &&
        !(ev.key === " " && ev.shiftKey && t instanceof HTMLTextAreaElement)) {
      return; // the focused control's own Enter and Space
    }
    if (field && ev.key === "Escape" && t instanceof HTMLTextAreaElement) {
      ev.preventDefault();
      R.flushText();
      t.blur();
      return;
    }
    for (const [, where, edits, , match, run] of KEYS) {
      if (where === "list" && field) continue;
      if (where === "text" && !(t instanceof HTMLTextAreaElement)) continue;
      if (!match(ev)) continue;
      if (t instanceof HTMLInputElement && where !== "any") continue;
      ev.preventDefault(); // the browser's own (Ctrl+S: save the page) too
      if (edits && R.readonly) {
        R.say("Read-only: this review cannot change the file (the banner above says why).");
        return;
      }
      run(ev);
      return;
    }
  };

  R.renderHelp = function () {
    const body = R.$("help-keys");
    body.replaceChildren();
    for (const [keys, , edits, what] of KEYS) {
      if (edits && R.readonly) continue;
      const tr = R.el("tr");
      tr.append(R.el("th", null, keys), R.el("td", null, what));
      body.append(tr);
    }
  };
})(window.SubtitlerReview);
