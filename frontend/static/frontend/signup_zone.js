// The guest sign-up form: pre-select the browser's time zone when the list has it (data-preselect="1" on this
// script tag: only on a fresh form, never over the visitor's own choice).
(function () {
  var script = document.currentScript;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone, select = document.getElementById("id_time_zone");
  if (!zone || !select || select.dataset.touched) return;
  if (![].some.call(select.options, function (o) { return o.value === zone; })) {
    var opt = document.createElement("option"); opt.value = zone; opt.textContent = zone; select.prepend(opt);
  }
  if (script && script.dataset.preselect === "1") select.value = zone;
})();
