// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Move focus to the error summary after a failed submit, so screen readers announce it.
  function focusErrors() {
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }
  }

  // Persons in the signal form: show one empty row, add more on request.
  function setUpPersons() {
    var container = document.querySelector("[data-persons]");
    var button = document.querySelector("[data-add-person]");
    var template = document.getElementById("person-template");
    var total = document.getElementById("id_persons-TOTAL_FORMS");
    var max = document.getElementById("id_persons-MAX_NUM_FORMS");
    if (!container || !button || !template || !total) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { button.hidden = true; return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      container.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var rows = container.querySelectorAll("[data-person]");
      var first = rows[rows.length - 1].querySelector("input");
      if (first) { first.focus(); }
    });
  }

  // One submit per form: a double click must not send twice (the server also refuses).
  function setUpSubmitOnce() {
    document.querySelectorAll("form").forEach(function (form) {
      var button = form.querySelector("[data-submit-once]");
      if (!button) { return; }
      form.addEventListener("submit", function () {
        window.setTimeout(function () { button.disabled = true; button.classList.add("utrecht-button--busy"); }, 0);
      });
    });
  }

  // Long forms: keep the session alive while someone types, and check the
  // session before sending so an expired one never swallows what was typed.
  function setUpSessionGuard() {
    var last = 0;
    document.querySelectorAll("form[data-keepalive]").forEach(function (form) {
      form.addEventListener("input", function () {
        var now = Date.now();
        if (now - last < 5 * 60 * 1000) { return; }
        last = now;
        fetch("/sessie/actief/", {
          method: "POST", credentials: "same-origin", redirect: "manual",
          headers: { "X-CSRFToken": csrfToken() }
        }).catch(function () { /* offline: the check before sending still protects */ });
      });
    });
    document.querySelectorAll("form[data-guard-session]").forEach(function (form) {
      var checked = false;
      form.addEventListener("submit", function (event) {
        if (checked) { return; }
        event.preventDefault();
        var warning = document.getElementById("session-expired");
        fetch("/sessie/status/", { credentials: "same-origin", redirect: "manual", headers: { "Accept": "application/json" } })
          .then(function (response) {
            if (response.type === "opaqueredirect" || !response.ok) { throw new Error("expired"); }
            return response.json();
          })
          .then(function (data) {
            form.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = data.csrf; });
            if (warning) { warning.hidden = true; }
            checked = true;
            form.requestSubmit ? form.requestSubmit() : form.submit();
          })
          .catch(function () {
            var button = form.querySelector("[data-submit-once]");
            if (button) { window.setTimeout(function () { button.disabled = false; button.classList.remove("utrecht-button--busy"); }, 10); }
            if (warning) { warning.hidden = false; warning.setAttribute("tabindex", "-1"); warning.focus(); }
          });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    setUpPersons();
    setUpSubmitOnce();
    setUpSessionGuard();
  });
})();
