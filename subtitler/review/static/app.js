/* subtitler review: the keyboard, and starting the page. */
"use strict";
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

if (READONLY) { S = JSON.parse(embedded.textContent); start(); } else { load(); }
