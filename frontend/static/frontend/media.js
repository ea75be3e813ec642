/* Resumable chunked upload of a recording (no build step, no dependencies).
   Protocol (media/api.py): POST /api/v1/media/uploads/ -> {id, offset, chunk_bytes};
   PUT  /api/v1/media/uploads/<id>/ with Content-Range: bytes START-END/TOTAL -> {offset};
   GET  /api/v1/media/uploads/<id>/ -> {offset} (resume); POST .../complete/ -> the asset.
   The session id is remembered per file (name, size, date) in localStorage, so choosing the same file
   again after a broken connection or a closed tab continues from the server's offset. */
(function () {
  "use strict";
  var form = document.getElementById("media-upload");
  if (!form) { return; }
  var bar = document.getElementById("media-upload-bar");
  var barBox = form.querySelector(".media-progress");
  var barText = form.querySelector(".media-progress-text");
  var message = form.querySelector(".media-upload-message");
  var pauseButton = document.getElementById("media-upload-pause");
  var startUrl = form.dataset.startUrl;
  var chunkBytes = parseInt(form.dataset.chunkBytes, 10) || 8388608;
  var paused = false;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function say(text) { message.textContent = text || ""; }
  function show(done, total) {
    var pct = total ? Math.floor(done * 100 / total) : 0;
    bar.value = pct;
    barText.textContent = pct + "%";
  }
  function request(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress && xhr.upload) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {}; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(body);
    });
  }
  function json(method, url, payload) {
    return request(method, url, JSON.stringify(payload), { "Content-Type": "application/json" });
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function fileKey(file) { return "media-upload:" + file.name + ":" + file.size + ":" + file.lastModified; }
  function sessionUrl(id) { return startUrl + id + "/"; }

  async function openSession(file) {
    var remembered = localStorage.getItem(fileKey(file));
    if (remembered) {
      var found = await request("GET", sessionUrl(remembered));
      if (found.status === 200 && found.data.status === "open") {
        say(form.dataset.msgResume);
        return { id: remembered, offset: found.data.offset };
      }
      localStorage.removeItem(fileKey(file));
    }
    var fields = new FormData(form);
    var started = await json("POST", startUrl, {
      filename: file.name, total_bytes: file.size, speaker: fields.get("speaker") || "",
      title_kk: fields.get("title_kk") || "", title_ru: fields.get("title_ru") || "", title_en: fields.get("title_en") || ""
    });
    if (started.status !== 201) { throw new Error(started.data.detail || form.dataset.msgFailed); }
    localStorage.setItem(fileKey(file), started.data.id);
    if (started.data.chunk_bytes) { chunkBytes = started.data.chunk_bytes; }
    return { id: started.data.id, offset: started.data.offset };
  }

  async function sendChunks(file, session) {
    var offset = session.offset, failures = 0;
    while (offset < file.size) {
      while (paused) { await sleep(300); }
      var end = Math.min(offset + chunkBytes, file.size);
      var reply;
      try {
        reply = await request("PUT", sessionUrl(session.id), file.slice(offset, end), {
          "Content-Type": "application/octet-stream",
          "Content-Range": "bytes " + offset + "-" + (end - 1) + "/" + file.size
        }, function (loaded) { show(offset + loaded, file.size); });
      } catch (e) {
        reply = null;
      }
      if (reply && reply.status === 200) {
        offset = reply.data.offset; failures = 0; show(offset, file.size); continue;
      }
      if (reply && reply.status >= 400 && reply.status < 500 && reply.data.offset === undefined) {
        throw new Error(reply.data.detail || form.dataset.msgFailed);
      }
      failures += 1;  // broken connection or a refused chunk: ask the server where to resume
      if (failures > 8) { throw new Error(form.dataset.msgFailed); }
      say(form.dataset.msgRetry);
      await sleep(Math.min(30000, 500 * Math.pow(2, failures)));
      try {
        var state = await request("GET", sessionUrl(session.id));
        if (state.status === 200) { offset = state.data.offset; }
      } catch (e) { /* still offline: retry */ }
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) { return; }
    if (file.size > parseInt(form.dataset.maxBytes, 10)) { say(form.dataset.msgTooBig); return; }
    var submit = form.querySelector("button[type=submit]");
    submit.disabled = true; barBox.hidden = false; pauseButton.hidden = false; say("");
    try {
      var session = await openSession(file);
      show(session.offset, file.size);
      await sendChunks(file, session);
      var fields = new FormData(form);
      var done = await json("POST", sessionUrl(session.id) + "complete/", {
        audience: fields.get("audience"), trim_start: parseFloat(fields.get("trim_start") || "0"),
        trim_end: parseFloat(fields.get("trim_end") || "0"), title_card: fields.get("title_card") === "1"
      });
      localStorage.removeItem(fileKey(file));
      if (done.status !== 201) { throw new Error(done.data.detail || form.dataset.msgFailed); }
      say(form.dataset.msgDone);
      window.location.href = form.dataset.detailUrl.replace("/0/", "/" + done.data.id + "/");
    } catch (e) {
      say(e.message);
      submit.disabled = false;
    } finally {
      pauseButton.hidden = true;
    }
  });

  pauseButton.addEventListener("click", function () {
    paused = !paused;
    pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
  });
})();
