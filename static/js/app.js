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


  // Agenda ordering by drag and drop (SortableJS). The up and down buttons do
  // the same without a mouse; the form posts the new order through htmx.
  function setUpSortable(root) {
    if (typeof window.Sortable === "undefined") { return; }
    (root || document).querySelectorAll("[data-sortable] .app-agenda").forEach(function (list) {
      if (list.dataset.sortableReady) { return; }
      list.dataset.sortableReady = "1";
      window.Sortable.create(list, {
        handle: ".app-agenda__handle",
        animation: 150,
        onEnd: function () {
          var form = list.closest("form");
          if (form) { form.dispatchEvent(new Event("end")); }
        }
      });
    });
  }

  // Minutes never get lost: what is typed is kept in this tab's sessionStorage
  // until the server confirms the save, restored after a reload or a failed
  // save, and leaving the page with unsaved text asks first. sessionStorage,
  // not localStorage: minutes must not outlive the browser tab on a shared PC.
  var dirtyForms = new Set();
  function autosaveKey(form, field) { return "autosave:" + form.dataset.autosave + ":" + field.name; }
  function setUpAutosave(root) {
    (root || document).querySelectorAll("form[data-autosave]").forEach(function (form) {
      if (form.dataset.autosaveReady) { return; }
      form.dataset.autosaveReady = "1";
      var restored = false;
      form.querySelectorAll("textarea").forEach(function (field) {
        var kept = window.sessionStorage.getItem(autosaveKey(form, field));
        if (kept !== null && kept !== field.value) { field.value = kept; restored = true; }
        field.addEventListener("input", function () {
          window.sessionStorage.setItem(autosaveKey(form, field), field.value);
          dirtyForms.add(form);
        });
      });
      if (restored) {
        var notice = form.querySelector("[data-autosave-restored]");
        if (notice) { notice.hidden = false; }
        dirtyForms.add(form);
        if (window.htmx) { window.htmx.trigger(form, "change"); }
      }
    });
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-autosave]")) { return; }
    var target = event.detail.target;
    if (event.detail.successful && target && target.querySelector("[data-saved]")) {
      form.querySelectorAll("textarea").forEach(function (field) {
        window.sessionStorage.removeItem(autosaveKey(form, field));
      });
      dirtyForms.delete(form);
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-autosave]")) { return; }
    var status = form.querySelector(".app-save-status");
    if (status && status.dataset.offline) { status.textContent = status.dataset.offline; }
  });
  // Save now, without waiting for the typing pause: before the chair moves to
  // another item (the form is about to be replaced) or leaves the page.
  function flush(form) {
    var body = new FormData(form);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", keepalive: true, headers: { "HX-Request": "true" } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (text.indexOf("data-saved") === -1) { return; }
        form.querySelectorAll("textarea").forEach(function (field) {
          if (field.value === body.get(field.name)) { window.sessionStorage.removeItem(autosaveKey(form, field)); }
        });
      })
      .catch(function () { /* kept in sessionStorage; restored when the item opens again */ });
    dirtyForms.delete(form);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest || elt.matches("form[data-autosave]") || !elt.closest(".app-chair")) { return; }
    dirtyForms.forEach(flush);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches) { return; }
    if (form.matches("form[data-autosave]")) { dirtyForms.delete(form); return; }
    // Another form of the chair page (a decision, an action): save the minutes too.
    if (form.closest(".app-chair")) { dirtyForms.forEach(flush); }
  });
  window.addEventListener("pagehide", function () { dirtyForms.forEach(flush); });
  window.addEventListener("beforeunload", function (event) {
    if (dirtyForms.size) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    setUpAutosave(document);
    setUpSortable(document);
    var heading = document.getElementById("item-heading");
    if (heading && (event.detail.target.id === "chair" || event.detail.target.id === "chair-item")) { heading.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    setUpPersons();
    setUpSubmitOnce();
    setUpSessionGuard();
    setUpSortable();
    setUpAutosave();
  });
})();
