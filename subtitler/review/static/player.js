/* subtitler review: the player: subtitles over the video at a real player's
 * size, play and pause, speed, looping a cue, and the waveform (zoom, click
 * to seek, drag a cue's edge to retime it, snapping to where the voice
 * starts and stops). */
(function (R) {
  "use strict";
  const st = R.st;
  const el = R.el;
  const video = R.video;
  const SPANS = [2000, 4000, 8000, 16000, 30000, 60000];
  const EDGE_PX = 6; // how near an edge the pointer grabs it
  const SNAP_PX = 8; // how near a voice edge a dragged edge snaps to it

  R.seek = function (ms) {
    const t = Math.max(0, ms) / 1000;
    try { video.currentTime = t; } catch { /* no media loaded */ }
    R.renderOverlay();
    R.drawWave();
  };

  R.playPause = function () {
    if (video.paused) {
      const c = st.play.loop ? R.cueById(st.selected) : null;
      if (c && (R.nowMs() < c.start || R.nowMs() >= c.end)) R.seek(c.start);
      video.play().catch((e) => R.say("Cannot play: " + e.message, true));
    } else {
      video.pause();
      const c = R.cueAt(R.nowMs());
      if (c && !R.readonly && st.box === null && !st.play.loop) R.select(c.id);
    }
  };

  R.setSpeed = function (rate) {
    video.playbackRate = rate;
    R.$("speed").value = String(rate);
  };
  R.speedStep = function (dir) {
    const opts = [...R.$("speed").options].map((o) => Number(o.value));
    const i = Math.max(0, Math.min(opts.length - 1, opts.indexOf(video.playbackRate) + dir));
    R.setSpeed(opts[i]);
    R.say("Speed " + opts[i] + "\u00d7");
  };
  R.setLoop = function (on) {
    st.play.loop = on;
    const b = R.$("loop");
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.classList.toggle("on", on);
    if (on) {
      const c = R.cueById(st.selected);
      if (!c) { R.say("Loop repeats the selected cue: select one."); return; }
      R.seek(c.start);
      video.play().catch(() => {});
    }
  };
  function loopCheck() {
    if (!st.play.loop || video.paused) return;
    const c = R.cueById(st.selected);
    if (!c) return;
    const t = R.nowMs();
    if (t >= c.end || t < c.start - 250) R.seek(c.start);
  }

  // ---------------------------------------------------------------- overlay
  function subtitleLine(text) {
    // <i>, <b> and <u> as a player shows them; anything else stays text
    const div = el("div", "sub-line");
    div.lang = st.doc.file.language || "";
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
  R.renderOverlay = function () {
    if (!st.doc) return;
    const t = R.nowMs();
    const now = st.cues.filter((c) => c.start <= t && t < c.end);
    const id = now.length ? now[0].id : null;
    if (id !== st.activeId) {
      const old = st.cards.get(st.activeId);
      if (old) old.node.classList.remove("active");
      st.activeId = id;
      const k = st.cards.get(id);
      if (k) {
        k.node.classList.add("active");
        const typing = document.activeElement && document.activeElement.tagName === "TEXTAREA";
        if (!video.paused && !typing && Date.now() - st.lastUserScroll > 4000) {
          k.node.scrollIntoView({ block: "nearest" });
        }
      }
      R.$("where").textContent = id !== null ? "cue " + R.number(id) : "";
    }
    R.$("clock").textContent = R.clock(t);
    const sig = JSON.stringify(now.map((c) => [c.id, c.lines]));
    if (sig === overlaySig) return;
    overlaySig = sig;
    const o = R.$("overlay");
    o.replaceChildren();
    for (const c of now) {
      const box = el("div", "sub-cue");
      for (const line of c.lines) box.append(subtitleLine(line));
      o.append(box);
    }
  };

  // ---------------------------------------------------------------- waveform
  function view() {
    const cv = R.$("wave");
    const w = cv.clientWidth;
    const span = st.wave.span;
    const t0 = R.nowMs() - span / 2;
    return { cv, w, h: cv.clientHeight, span, t0, x: (ms) => ((ms - t0) / span) * w, ms: (px) => t0 + (px / w) * span };
  }

  R.drawWave = function () {
    const cv = R.$("wave");
    if (!st.doc || cv.hidden) return;
    const dpr = window.devicePixelRatio || 1;
    const v = view();
    if (!v.w) return;
    if (cv.width !== Math.round(v.w * dpr)) cv.width = Math.round(v.w * dpr);
    if (cv.height !== Math.round(v.h * dpr)) cv.height = Math.round(v.h * dpr);
    const g = cv.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { w, h, x, t0, span } = v;
    g.fillStyle = "#15181d"; g.fillRect(0, 0, w, h);
    const drag = st.wave.drag;
    for (const c of st.cues) {
      let a = c.start, b = c.end;
      if (drag && drag.id === c.id && drag.moved) { if (drag.edge === "start") a = drag.ms; else b = drag.ms; }
      if (b < t0 || a > t0 + span) continue;
      const sel = c.id === st.selected;
      g.fillStyle = sel ? "rgba(255, 196, 0, 0.30)" : "rgba(120, 170, 255, 0.18)";
      g.fillRect(x(a), 0, Math.max(1, x(b) - x(a)), h);
      g.fillStyle = sel ? "#ffc400" : "#6f8fc9";
      g.fillRect(x(a), 0, 2, h);
      g.fillRect(x(b) - 2, 0, 2, h);
      g.fillStyle = "#9fb4d9"; g.font = "11px system-ui, sans-serif";
      g.fillText(String(R.number(c.id)), x(a) + 4, 12);
    }
    if (st.wave.peaks) {
      const peaks = st.wave.peaks, per = st.wave.perS;
      g.fillStyle = "#7fd1a8";
      for (let px = 0; px < w; px++) {
        const i = Math.floor(((t0 + (px / w) * span) / 1000) * per);
        if (i < 0 || i >= peaks.length) continue;
        const amp = (peaks[i] / 255) * (h * 0.42);
        g.fillRect(px, h / 2 - amp, 1, Math.max(1, 2 * amp));
      }
    }
    g.fillStyle = "#6b7380";
    const tick = span <= 4000 ? 100 : span <= 16000 ? 1000 : 5000;
    for (let s = Math.ceil(t0 / tick); s * tick < t0 + span; s++) {
      const big = (s * tick) % (tick * 5) === 0;
      g.fillRect(x(s * tick), h - (big ? 9 : 4), 1, big ? 9 : 4);
    }
    if (drag && drag.moved) {
      g.fillStyle = drag.snapped ? "#ffffff" : "#ffc400";
      g.fillRect(x(drag.ms) - 1, 0, 3, h);
      g.font = "12px system-ui, sans-serif";
      g.fillText(R.clock(drag.ms) + (drag.snapped ? " (voice)" : ""), Math.min(w - 110, x(drag.ms) + 5), h - 14);
    }
    g.fillStyle = "#ff5252"; g.fillRect(w / 2 - 1, 0, 2, h);
  };

  R.zoom = function (dir) {
    const i = SPANS.indexOf(st.wave.span);
    const j = Math.max(0, Math.min(SPANS.length - 1, (i < 0 ? 3 : i) - dir));
    st.wave.span = SPANS[j];
    R.$("zoom-level").textContent = SPANS[j] / 1000 + " s";
    R.$("zoom-in").disabled = j === 0;
    R.$("zoom-out").disabled = j === SPANS.length - 1;
    R.drawWave();
  };

  /* The cue edge under the pointer: the selected cue's first. */
  function edgeAt(px) {
    const v = view();
    let best = null;
    for (const c of st.cues) {
      for (const edge of ["start", "end"]) {
        const d = Math.abs(v.x(edge === "start" ? c.start : c.end) - px);
        const score = d - (c.id === st.selected ? 2 : 0);
        if (d <= EDGE_PX && (best === null || score < best.score)) best = { id: c.id, edge, score };
      }
    }
    return best;
  }
  function snap(edge, ms) {
    const v = view();
    const list = edge === "start" ? st.wave.onsets : st.wave.ends;
    let best = null;
    for (const t of list) {
      const d = Math.abs(v.x(t) - v.x(ms));
      if (d <= SNAP_PX && (best === null || d < best.d)) best = { t, d };
    }
    return best ? { ms: best.t, snapped: true } : { ms: Math.round(ms), snapped: false };
  }
  function pointX(ev) { return ev.clientX - R.$("wave").getBoundingClientRect().left; }

  function down(ev) {
    if (ev.button !== 0) return;
    const px = pointX(ev);
    const edge = R.readonly ? null : edgeAt(px);
    st.wave.drag = { id: edge ? edge.id : null, edge: edge ? edge.edge : null, x0: px, moved: false, ms: 0, snapped: false };
    R.$("wave").setPointerCapture(ev.pointerId);
  }
  function move(ev) {
    const px = pointX(ev);
    const d = st.wave.drag;
    const cv = R.$("wave");
    if (!d) {
      cv.style.cursor = !R.readonly && edgeAt(px) ? "col-resize" : "crosshair";
      return;
    }
    if (d.id === null || Math.abs(px - d.x0) < 3 && !d.moved) return;
    d.moved = true;
    const s = snap(d.edge, view().ms(px));
    d.ms = s.ms; d.snapped = s.snapped;
    R.drawWave();
  }
  function up(ev) {
    const d = st.wave.drag;
    st.wave.drag = null;
    if (!d) return;
    if (d.moved && d.id !== null) {
      R.select(d.id);
      R.retime(d.id, d.edge, d.ms);
    } else {
      R.seek(view().ms(pointX(ev)));
    }
    R.drawWave();
  }
  function wheel(ev) {
    if (!ev.ctrlKey) return;
    ev.preventDefault();
    R.zoom(ev.deltaY < 0 ? 1 : -1);
  }
  R.waveEvents = function () {
    const cv = R.$("wave");
    cv.addEventListener("pointerdown", down);
    cv.addEventListener("pointermove", move);
    cv.addEventListener("pointerup", up);
    cv.addEventListener("pointercancel", () => { st.wave.drag = null; R.drawWave(); });
    cv.addEventListener("wheel", wheel, { passive: false });
  };

  R.tick = function () {
    loopCheck();
    R.renderOverlay();
    R.drawWave();
    if (!video.paused) requestAnimationFrame(R.tick);
  };

  R.loadWaveform = async function () {
    let data = null;
    if (R.readonly) data = st.doc.waveform || null;
    else if (st.doc.file.waveform) { try { data = await R.api("waveform"); } catch { data = null; } }
    if (!data) { R.$("wave-box").hidden = !st.doc.file.waveform; return; }
    const bin = atob(data.peaks);
    const peaks = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) peaks[i] = bin.charCodeAt(i);
    st.wave.peaks = peaks;
    st.wave.perS = data.per_s;
    st.wave.onsets = data.onsets || [];
    st.wave.ends = data.ends || [];
    R.drawWave();
  };
})(window.SubtitlerReview);
