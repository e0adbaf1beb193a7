// Ask before any form marked data-confirm is submitted (actions that cannot be undone).
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); }
}, true);

// No inline scripts or event handler attributes anywhere (the Content-Security-Policy allows scripts from our
// own static files only): pages mark elements with data attributes and the handlers below act on them.

// <select data-autosubmit>: submit the form when the choice changes (the language selector).
document.addEventListener("change", function (e) {
  if (e.target.hasAttribute && e.target.hasAttribute("data-autosubmit") && e.target.form) { e.target.form.submit(); }
});

document.addEventListener("click", function (e) {
  // <button data-print>: print the page.
  if (e.target.closest("[data-print]")) { window.print(); return; }
  // <button data-copy-target="ID" data-copied="Copied">: copy the input's value.
  var copy = e.target.closest("[data-copy-target]");
  if (copy) {
    var input = document.getElementById(copy.getAttribute("data-copy-target"));
    input.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(input.value); } else { document.execCommand("copy"); }
    copy.textContent = copy.getAttribute("data-copied") || copy.textContent;
    return;
  }
  // The organisation tree: a .tree-toggle opens or closes the list it controls.
  var btn = e.target.closest(".tree-toggle");
  if (btn) {
    var list = document.getElementById(btn.getAttribute("aria-controls"));
    var open = btn.getAttribute("aria-expanded") === "true";
    btn.setAttribute("aria-expanded", open ? "false" : "true");
    btn.querySelector(".caret").textContent = open ? "▸" : "▾";
    list.classList.toggle("d-none", open);
  }
});

// An htmx button marked data-remove-after-success goes away once its request succeeded (the Reveal button).
document.addEventListener("htmx:afterRequest", function (e) {
  var elt = e.detail && e.detail.elt;
  if (elt && e.detail.successful && elt.hasAttribute && elt.hasAttribute("data-remove-after-success")) { elt.remove(); }
});

// The organisation form: propose the usual level of the chosen type while the level is empty or was proposed.
document.addEventListener("DOMContentLoaded", function () {
  var type = document.getElementById("id_org_type"), level = document.getElementById("id_level");
  if (!type || !level || !level.hasAttribute("data-default-levels")) { return; }
  var defaults = {};
  level.getAttribute("data-default-levels").split(",").forEach(function (pair) {
    var kv = pair.split(":"); defaults[kv[0]] = kv[1];
  });
  var proposed = !level.value;
  level.addEventListener("change", function () { proposed = !level.value; });
  type.addEventListener("change", function () {
    if (proposed && defaults[type.value]) { level.value = defaults[type.value]; }
  });
});
