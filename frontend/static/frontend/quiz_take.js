// Quiz taking: autosave each answer through the API and show the server's deadline (CSP: no inline script).
(function () {
  const form = document.getElementById("quiz-form");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  function answer(fs) {
    const kind = fs.dataset.kind, pos = fs.dataset.position, name = "q" + pos;
    if (kind === "multiple") return [...fs.querySelectorAll("input:checked")].map(i => +i.value);
    if (kind === "single" || kind === "truefalse") { const i = fs.querySelector("input:checked"); return i ? +i.value : null; }
    if (kind === "matching") { const r = {}; fs.querySelectorAll("select").forEach(s => { if (s.value !== "") r[s.name.slice(name.length + 1)] = +s.value; }); return r; }
    if (kind === "ordering") { return [...fs.querySelectorAll("select")].map(s => [+s.value, +s.name.slice(name.length + 2)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(p => p[1]); }
    const f = fs.querySelector("[name=" + name + "]"); return f.value === "" ? null : f.value;
  }
  function save(fs) {
    const state = fs.querySelector(".save-state");
    fetch(form.dataset.api + "answers/" + fs.dataset.position + "/", {method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify({response: answer(fs)})})
      .then(r => { state.textContent = r.ok ? form.dataset.saved : form.dataset.notSaved; if (r.status === 409) location.reload(); })
      .catch(() => { state.textContent = form.dataset.offline; });
  }
  form.querySelectorAll("fieldset[data-position]").forEach(fs => fs.addEventListener("change", () => save(fs)));
  const timer = document.getElementById("timer");
  if (timer) {
    const deadline = +timer.dataset.deadline;
    const tick = () => { const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) { clearInterval(id); form.submit(); } };
    const id = setInterval(tick, 1000); tick();
  }
})();
