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

// A table wider than its box scrolls inside .table-wrap; keyboard users must reach that scroll region
// (WCAG 2.1.1, axe "scrollable-region-focusable"): such a wrapper becomes a focusable, named region.
function labelScrollRegions() {
  document.querySelectorAll(".table-wrap").forEach((wrap) => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.dataset.autoFocusable = "1";
      if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
        const caption = wrap.querySelector("caption");
        const heading = wrap.closest("section, .card")?.querySelector("h2, h3");
        const name = (caption || heading)?.textContent.trim();
        if (name) wrap.setAttribute("aria-label", name);
      }
    } else if (!scrolls && wrap.dataset.autoFocusable) {
      wrap.removeAttribute("tabindex");
      delete wrap.dataset.autoFocusable;
    }
  });
}
document.addEventListener("DOMContentLoaded", labelScrollRegions);
window.addEventListener("resize", labelScrollRegions);
document.addEventListener("htmx:afterSettle", labelScrollRegions);
