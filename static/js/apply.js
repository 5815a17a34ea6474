// Progressive enhancement of the 依申请公开 application form. Without JavaScript both applicant
// fieldsets stay visible and the server validates only the chosen one.
(function () {
  "use strict";
  var form = document.querySelector("[data-apply-form]");
  if (!form) { return; }

  // Show only the fieldset of the chosen applicant type (自然人 / 法人或其他组织).
  var groups = form.querySelectorAll("[data-applicant-kind]");
  function showChosenKind() {
    var chosen = form.querySelector("input[name='applicant_kind']:checked");
    groups.forEach(function (group) {
      group.hidden = Boolean(chosen) && group.getAttribute("data-applicant-kind") !== chosen.value;
    });
  }
  form.querySelectorAll("input[name='applicant_kind']").forEach(function (radio) {
    radio.addEventListener("change", showChosenKind);
  });
  showChosenKind();

  // One click, one submission (the server refuses a repeated form as well).
  var button = form.querySelector("[data-submit-button]");
  form.addEventListener("submit", function () {
    if (!button) { return; }
    window.setTimeout(function () {
      button.disabled = true;
      button.textContent = "正在提交……";
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    if (button) { button.disabled = false; button.textContent = "提交申请"; }
  });
})();
