/* subtitler review: the subtitles over the video and the waveform. */
"use strict";
function subtitleLine(text) {
  // <i>, <b> and <u> as a player shows them; anything else stays text
  const div = el("div", "sub-line");
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
function renderOverlay() {
  if (!S) return;
  const t = nowMs();
  const now = S.cues.filter((c) => c.start <= t && t < c.end);
  const sig = JSON.stringify(now.map((c) => [c.id, c.lines]));
  const id = now.length ? now[0].id : null;
  if (id !== activeId) {
    const old = cards.get(activeId);
    if (old) old.node.classList.remove("active");
    activeId = id;
    const k = cards.get(id);
    if (k) {
      k.node.classList.add("active");
      const editingNow = document.activeElement && document.activeElement.tagName === "TEXTAREA";
      if (!video.paused && !editingNow && Date.now() - lastUserScroll > 4000) {
        k.node.scrollIntoView({ block: "nearest" });
      }
    }
    $("where").textContent = id !== null ? "cue " + (pos.get(id) + 1) : "";
  }
  $("clock").textContent = clock(t);
  if (sig === overlaySig) return;
  overlaySig = sig;
  const o = $("overlay");
  o.replaceChildren();
  for (const c of now) {
    const box = el("div", "sub-cue");
    for (const line of c.lines) box.append(subtitleLine(line));
    o.append(box);
  }
}

// ---------------------------------------------------------------- waveform
function drawWave() {
  const cv = $("wave");
  if (!S || cv.hidden) return;
  const dpr = window.devicePixelRatio || 1;
  const w = cv.clientWidth, h = cv.clientHeight;
  if (!w) return;
  if (cv.width !== Math.round(w * dpr)) cv.width = Math.round(w * dpr);
  if (cv.height !== Math.round(h * dpr)) cv.height = Math.round(h * dpr);
  const g = cv.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  const span = S.file.video ? 16000 : 30000;
  const t0 = nowMs() - span / 2;
  const x = (ms) => ((ms - t0) / span) * w;
  g.fillStyle = "#15181d"; g.fillRect(0, 0, w, h);
  for (const c of S.cues) {
    if (c.end < t0 || c.start > t0 + span) continue;
    g.fillStyle = c.id === selected ? "rgba(255, 196, 0, 0.30)" : "rgba(120, 170, 255, 0.18)";
    g.fillRect(x(c.start), 0, Math.max(1, x(c.end) - x(c.start)), h);
    g.fillStyle = "#9fb4d9"; g.font = "11px system-ui, sans-serif";
    g.fillText(String(pos.get(c.id) + 1), x(c.start) + 3, 12);
  }
  if (peaks) {
    g.fillStyle = "#7fd1a8";
    for (let px = 0; px < w; px++) {
      const i = Math.floor(((t0 + (px / w) * span) / 1000) * peaksPerS);
      if (i < 0 || i >= peaks.length) continue;
      const v = (peaks[i] / 255) * (h * 0.42);
      g.fillRect(px, h / 2 - v, 1, Math.max(1, 2 * v));
    }
  }
  g.fillStyle = "#6b7380";
  for (let s = Math.ceil(t0 / 1000); s * 1000 < t0 + span; s++) {
    g.fillRect(x(s * 1000), h - (s % 5 ? 4 : 9), 1, s % 5 ? 4 : 9);
  }
  g.fillStyle = "#ff5252"; g.fillRect(w / 2 - 1, 0, 2, h);
}
function waveClick(ev) {
  const cv = $("wave");
  const span = S.file.video ? 16000 : 30000;
  const r = cv.getBoundingClientRect();
  seek(nowMs() - span / 2 + ((ev.clientX - r.left) / r.width) * span);
}

function tick() {
  renderOverlay(); drawWave();
  if (!video.paused) requestAnimationFrame(tick);
}
async function loadWaveform() {
  let data = null;
  if (READONLY) data = S.waveform || null;
  else if (S.file.waveform) { try { data = await api("waveform"); } catch (e) { data = null; } }
  if (!data) { $("wave").hidden = !S.file.waveform; return; }
  const bin = atob(data.peaks);
  peaks = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) peaks[i] = bin.charCodeAt(i);
  peaksPerS = data.per_s;
  drawWave();
}
