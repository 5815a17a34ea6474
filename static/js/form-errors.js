// Progressive enhancement of the error summary (templates/includes/_form_errors.html): a link
// to a field puts the keyboard focus in the field, not only the page at it, with its label or
// the legend of its group in view. Without JavaScript the link still scrolls to the field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field || typeof field.focus !== "function") { return; }
    event.preventDefault();
    var group = field.closest(".choice-group");
    var label = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
    if (!isVisible(field)) { field.scrollIntoView({ block: "center" }); }
  });
  function isVisible(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }
})();
