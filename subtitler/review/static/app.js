/* subtitler review: starting the page. */
(function (R) {
  "use strict";
  const st = R.st;
  const video = R.video;
  let started = false;

  function about() {
    const p = st.doc.profile, f = st.doc.file;
    const bits = ["profile " + p.name + ": " + p.max_line_chars + " characters \u00d7 " + p.max_lines +
      " lines, " + p.max_cps + " cps, " + p.min_duration_ms + "\u2013" + p.max_duration_ms + " ms",
      "language " + f.language, "one frame = " + f.frame_ms + " ms"];
    if (f.glossary.length) bits.push("glossary " + f.glossary.join(", "));
    if (f.source) bits.push("source " + f.source);
    R.$("about").textContent = bits.join(" \u00b7 ");
  }

  function on(id, ev, fn) { R.$(id).addEventListener(ev, fn); }

  R.start = function () {
    if (started) { R.render(); return; }
    started = true;
    const f = st.doc.file;
    document.body.classList.toggle("readonly", R.readonly);
    document.body.classList.toggle("audio-only", !f.video);
    document.body.classList.toggle("translator", !!f.source);
    video.src = R.readonly ? f.media_url : "media";
    video.addEventListener("error", () => {
      const box = R.$("media-error");
      box.hidden = false;
      box.textContent = "This browser cannot play " + f.media + " (" + f.type +
        "). You can still read and edit the subtitles; to watch, convert it, e.g. ffmpeg -i \"" +
        f.media + "\" -c:v libx264 -c:a aac converted.mp4";
    });
    for (const ev of ["timeupdate", "seeked", "loadedmetadata"]) {
      video.addEventListener(ev, () => { R.renderOverlay(); R.drawWave(); });
    }
    video.addEventListener("play", () => { R.$("play").textContent = "Pause"; R.tick(); });
    video.addEventListener("pause", () => { R.$("play").textContent = "Play"; });
    on("play", "click", R.playPause);
    on("speed", "change", () => R.setSpeed(Number(R.$("speed").value)));
    on("loop", "click", () => R.setLoop(!st.play.loop));
    on("zoom-in", "click", () => R.zoom(1));
    on("zoom-out", "click", () => R.zoom(-1));
    on("next-item", "click", () => R.walk(1));
    on("prev-item", "click", () => R.walk(-1));
    if (!R.readonly) {
      on("undo", "click", () => R.undoRedo("undo"));
      on("redo", "click", () => R.undoRedo("redo"));
      on("save", "click", R.save);
      on("save-as", "click", R.saveAs);
      window.addEventListener("beforeunload", (ev) => {
        const waiting = st.box && st.box.timer !== null;
        if (st.doc.status.dirty || waiting) {
          R.flushText();
          ev.preventDefault();
          ev.returnValue = "";
        }
      });
    }
    R.waveEvents();
    document.addEventListener("keydown", R.onKey);
    for (const ev of ["wheel", "touchmove"]) {
      R.list.parentElement.addEventListener(ev, () => { st.lastUserScroll = Date.now(); }, { passive: true });
    }
    window.addEventListener("resize", R.drawWave);
    R.renderHelp();
    R.zoom(0);
    R.loadWaveform();
    about();
    R.render();
  };

  if (R.readonly) {
    const r = JSON.parse(R.embedded.textContent);
    st.doc = {};
    st.doc.waveform = r.waveform;
    R.apply(r);
    R.start();
  } else {
    R.load();
  }
})(window.SubtitlerReview);
