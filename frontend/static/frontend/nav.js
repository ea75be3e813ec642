// Navigation menus are <details> elements and work without script; this only closes the other menus when
// one opens, and closes them on Escape or a click elsewhere.
document.addEventListener("DOMContentLoaded", () => {
  const menus = [...document.querySelectorAll(".main-nav details")];
  const closeAll = (except) => menus.forEach((m) => { if (m !== except) m.open = false; });
  menus.forEach((m) => m.addEventListener("toggle", () => { if (m.open) closeAll(m); }));
  document.addEventListener("click", (e) => { if (!e.target.closest(".main-nav details")) closeAll(null); });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const open = menus.find((m) => m.open);
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
});
