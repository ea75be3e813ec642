/* Player: HLS (native or hls.js) with MP4 fallback, resume, speed, subtitles, chapters, keyboard, and
   heartbeats every ~10 s with the ranges actually played since the previous beat (seeking plays nothing). */
(function () {
  "use strict";
  var root = document.getElementById("player");
  var video = document.getElementById("player-video");
  if (!root || !video) return;
  var config = JSON.parse(document.getElementById("player-config").textContent);
  var status = root.querySelector("[data-status]");
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  // ---- source: native HLS (Safari), hls.js, or the MP4 <source> elements already in the page
  var hls = null;
  // hls.js first wherever Media Source Extensions exist (as hls.js recommends): recent Chromium also plays HLS
  // natively, but only hls.js lets "save data" cap the rung. Native HLS (iPhone Safari) otherwise; native
  // players also fall back to the audio-only variant by themselves.
  if (config.hls) {
    if (window.Hls && window.Hls.isSupported()) {
      hls = new window.Hls({ capLevelToPlayerSize: true });
      root.hls = hls;  // for tests and the browser console
      hls.on(window.Hls.Events.ERROR, function (_e, data) {
        if (data.fatal) {  // back to MP4
          hls.destroy(); hls = null; root.hls = null; video.removeAttribute("src"); video.load();
          applySaveData(saveData);
        }
      });
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () { applySaveData(saveData); });
      hls.loadSource(config.hls);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = config.hls;
    }
  }

  // ---- "save data": at most the rung of config.save_data_max_height (360p), remembered on this device.
  // hls.js: autoLevelCapping (its size-based capping is paused meanwhile, or it would lift the cap again);
  // MP4 fallback: the matching <source>.
  var SAVE_KEY = "lms.player.saveData";
  var saveBox = root.querySelector("[data-action=save-data]");
  var saveData = storedSaveData();
  function storedSaveData() {
    try {
      var stored = window.localStorage.getItem(SAVE_KEY);
      if (stored !== null) return stored === "1";
    } catch (e) { /* storage blocked: fall through */ }
    return !!(navigator.connection && navigator.connection.saveData);  // the browser's own data saver
  }
  function capIndex(levels) {
    var max = config.save_data_max_height || 360, best = -1, lowest = 0;
    levels.forEach(function (level, i) {
      if (level.height && level.height <= max && (best < 0 || level.height > levels[best].height)) best = i;
      if (level.bitrate < levels[lowest].bitrate) lowest = i;
    });
    return best >= 0 ? best : lowest;
  }
  function chooseMp4(on) {
    var sources = Array.prototype.slice.call(video.querySelectorAll("source[data-height]"));
    if (!sources.length) return;
    var max = config.save_data_max_height || 360;
    var fitting = sources.filter(function (s) { return parseInt(s.dataset.height, 10) <= max; });
    var chosen = on ? (fitting[0] || sources[sources.length - 1]) : sources[0];  // best first in the page
    if (video.currentSrc === chosen.src) return;
    var at = video.currentTime, playing = !video.paused;
    video.src = chosen.src;
    video.addEventListener("loadedmetadata", function once() {
      video.removeEventListener("loadedmetadata", once);
      if (at > 0) video.currentTime = at;
      if (playing) video.play();
    });
  }
  // The cap only steers the next automatic choice: fragments already buffered above it would still play,
  // so switch now (hls.js flushes the buffer) and hand the choice back to the capped automatic mode.
  function dropRungsAboveCap(cap) {
    var levels = hls.levels, max = levels[cap].height;
    function above(i) { return i >= 0 && levels[i] && levels[i].height > max; }
    if (above(hls.currentLevel) || above(hls.loadLevel)) {
      hls.currentLevel = cap;
      hls.loadLevel = -1;
    }
  }
  function applySaveData(on) {
    root.dataset.saveData = on ? "1" : "0";
    if (saveBox) saveBox.checked = on;
    if (hls) {
      if (!hls.levels || !hls.levels.length) return;  // MANIFEST_PARSED applies it
      if (on) {
        hls.capLevelToPlayerSize = false;
        hls.autoLevelCapping = capIndex(hls.levels);
        dropRungsAboveCap(hls.autoLevelCapping);
      } else {
        hls.autoLevelCapping = -1;
        hls.capLevelToPlayerSize = true;
      }
    } else if (!config.hls || !video.src || video.src.indexOf(config.hls) < 0) {
      if (on || video.currentSrc) chooseMp4(on);
    }
  }
  if (saveBox) {
    saveBox.addEventListener("change", function () {
      saveData = saveBox.checked;
      try { window.localStorage.setItem(SAVE_KEY, saveData ? "1" : "0"); } catch (e) { /* not remembered */ }
      applySaveData(saveData);
    });
  }
  applySaveData(saveData);

  // ---- resume
  var resumed = false;
  video.addEventListener("loadedmetadata", function () {
    if (!resumed && config.resume > 0 && config.resume < (video.duration || Infinity)) {
      video.currentTime = config.resume;
    }
    resumed = true;
    setSubtitles(root.querySelector("[data-action=subtitles]").value);
  });

  // ---- controls
  var toggle = root.querySelector("[data-action=toggle]");
  function playPause() { if (video.paused) { video.play(); } else { video.pause(); } }
  function seekBy(s) { video.currentTime = Math.max(0, Math.min((video.duration || 0), video.currentTime + s)); }
  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (root.requestFullscreen) { root.requestFullscreen(); }
  }
  function setSubtitles(lang) {
    for (var i = 0; i < video.textTracks.length; i++) {
      var t = video.textTracks[i];
      t.mode = (lang && t.language === lang) ? "showing" : "disabled";
    }
  }
  function syncToggle() {
    var playing = !video.paused;
    toggle.setAttribute("aria-label", playing ? toggle.dataset.labelPause : toggle.dataset.labelPlay);
    toggle.querySelector("span").textContent = playing ? "❚❚" : "▶";
  }
  video.addEventListener("play", syncToggle);
  video.addEventListener("pause", syncToggle);
  toggle.addEventListener("click", playPause);
  root.querySelector("[data-action=back]").addEventListener("click", function () { seekBy(-10); });
  root.querySelector("[data-action=forward]").addEventListener("click", function () { seekBy(10); });
  root.querySelector("[data-action=fullscreen]").addEventListener("click", fullscreen);
  root.querySelector("[data-action=speed]").addEventListener("change", function (e) {
    video.playbackRate = parseFloat(e.target.value);
  });
  root.querySelector("[data-action=subtitles]").addEventListener("change", function (e) { setSubtitles(e.target.value); });
  document.querySelectorAll("[data-seek]").forEach(function (b) {
    b.addEventListener("click", function () { video.currentTime = parseFloat(b.dataset.seek); video.play(); });
  });
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (tag === "button" && (e.key === " " || e.key === "Enter")) return; // the focused button handles it
    var k = e.key.toLowerCase();
    if (k === " " || k === "k") { e.preventDefault(); playPause(); }
    else if (k === "arrowleft") { e.preventDefault(); seekBy(-5); }
    else if (k === "arrowright") { e.preventDefault(); seekBy(5); }
    else if (k === "f") { e.preventDefault(); fullscreen(); }
  });

  // ---- played ranges: extended while time advances continuously, closed on seeking
  var ranges = [], current = null, last = null;
  video.addEventListener("timeupdate", function () {
    var t = video.currentTime;
    if (video.seeking || video.paused) { last = t; return; }
    var step = last === null ? null : t - last;
    if (current && step !== null && step >= 0 && step <= 1.5 * video.playbackRate + 0.5) {
      current[1] = t;
    } else {
      current = [t, t];
      ranges.push(current);
    }
    last = t;
  });
  video.addEventListener("seeking", function () { current = null; last = null; });
  video.addEventListener("pause", function () { current = null; beat(); });
  video.addEventListener("ended", function () { current = null; beat(); });

  if (!config.tracked || !(config.beacon || root.dataset.heartbeatUrl)) return;
  // Beats go to the lean beacon endpoint with the page's signed token and no cookies (the server loads no
  // session, user or audience). If the token is refused (expired after hours on the page), the remaining beats
  // go to the session endpoint with the CSRF token.
  var beacon = config.beacon;
  var pending = null, seq = 0, session = Math.random().toString(36).slice(2);
  function beat(keepalive) {
    if (pending) return;
    var played = ranges.filter(function (r) { return r[1] - r[0] > 0.05; });
    if (!played.length) return;
    current = null;  // the next timeupdate opens a fresh range
    ranges = [];
    pending = {
      ranges: played.map(function (r) { return [Math.round(r[0] * 100) / 100, Math.round(r[1] * 100) / 100]; }),
      position: video.currentTime, rate: video.playbackRate, beat_id: session + "-" + (++seq)
    };
    send(pending, keepalive);
  }
  function request(body, keepalive) {
    if (beacon) {
      return fetch(beacon.url, {
        method: "POST", credentials: "omit", keepalive: !!keepalive,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({ token: beacon.token, asset: beacon.asset }, body))
      });
    }
    return fetch(root.dataset.heartbeatUrl, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }
  function send(body, keepalive) {
    request(body, keepalive).then(function (r) {
      if (r.status === 403 && beacon && root.dataset.heartbeatUrl) {  // token refused: the session endpoint
        beacon = null;
        return send(body, keepalive);
      }
      if (r.ok || (r.status >= 400 && r.status < 500)) { pending = null; }  // a refused beat is dropped
      if (r.ok) { return r.json().then(function (d) { root.dataset.watched = d.unique_seconds; }); }
    }).catch(function () {
      setTimeout(function () { if (pending) send(pending); }, 5000);  // same beat_id: applied once
    });
  }
  setInterval(function () { beat(false); }, (config.interval || 10) * 1000);
  window.addEventListener("pagehide", function () { beat(true); });
  if (status) status.textContent = "";
})();
