// Forms, progressively enhanced: without this file every form still works and
// the server checks everything again. Loaded as a file (CSP: no inline script).
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function fileSize(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  // Conditional fields: shown only when the controlling field has one of the
  // values that make them apply (e.g. "Forward to" when forwarding).
  function setUpConditionalFields() {
    document.querySelectorAll("[data-show-when]").forEach(function (wrapper) {
      var form = wrapper.closest("form");
      if (!form) { return; }
      var name = wrapper.dataset.showWhen;
      var values = wrapper.dataset.showValues.split(" ");
      function update() {
        var value = "";
        form.querySelectorAll("[name='" + name + "']").forEach(function (control) {
          if ((control.type === "radio" || control.type === "checkbox") ? control.checked : true) { value = control.value; }
        });
        // A field with an error stays visible, whatever is chosen.
        wrapper.hidden = values.indexOf(value) === -1 && !wrapper.classList.contains("utrecht-form-field--invalid");
      }
      form.addEventListener("change", function (event) {
        if (event.target.name === name) { update(); }
      });
      update();
    });
  }

  // Fields required for some choices only: the label's marker follows the choice.
  function setUpConditionalRequired() {
    document.querySelectorAll("[data-required-when]").forEach(function (wrapper) {
      var form = wrapper.closest("form");
      var marker = wrapper.querySelector(".app-optional");
      if (!form || !marker) { return; }
      var name = wrapper.dataset.requiredWhen;
      var values = wrapper.dataset.requiredValues.split(" ");
      function update() {
        var checked = form.querySelector("[name='" + name + "']:checked") || form.querySelector("select[name='" + name + "']");
        var applies = checked && values.indexOf(checked.value) !== -1;
        marker.textContent = applies ? wrapper.dataset.requiredText : wrapper.dataset.optionalText;
        var control = wrapper.querySelector("textarea, input, select");
        if (control) { if (applies) { control.setAttribute("aria-required", "true"); } else { control.removeAttribute("aria-required"); } }
      }
      form.addEventListener("change", function (event) {
        if (event.target.name === name) { update(); }
      });
      update();
    });
  }

  // Attachments: size, type and number are checked before anything is uploaded.
  function checkFiles(input) {
    var max = parseInt(input.dataset.maxBytes, 10);
    var maxFiles = parseInt(input.dataset.maxFiles || "0", 10);
    var allowed = (input.getAttribute("accept") || "").toLowerCase().split(",").filter(Boolean);
    var errors = [];
    var files = Array.prototype.slice.call(input.files || []);
    if (maxFiles && files.length > maxFiles) { errors.push(input.dataset.tooMany); }
    files.forEach(function (file) {
      var dot = file.name.lastIndexOf(".");
      var extension = dot === -1 ? "" : file.name.slice(dot).toLowerCase();
      if (file.size > max) {
        errors.push(format(input.dataset.tooLarge, { name: file.name, size: fileSize(file.size), max: fileSize(max) }));
      } else if (allowed.length && allowed.indexOf(extension) === -1) {
        errors.push(format(input.dataset.wrongType, { name: file.name }));
      }
    });
    var field = input.closest(".utrecht-form-field");
    var box = field.querySelector("[data-file-errors]");
    if (!box) {
      box = document.createElement("div");
      box.className = "utrecht-form-field-error-message utrecht-form-field__error-message";
      box.id = input.id + "-client-error";
      box.setAttribute("data-file-errors", "");
      box.setAttribute("role", "alert");
      input.parentNode.parentNode.insertBefore(box, input.parentNode);
    }
    box.textContent = "";
    errors.forEach(function (message) {
      var line = document.createElement("span");
      line.className = "app-error-line";
      line.textContent = message;
      box.appendChild(line);
    });
    box.hidden = errors.length === 0;
    field.classList.toggle("utrecht-form-field--invalid", errors.length > 0);
    if (errors.length) {
      input.value = "";  // nothing of a refused selection is sent
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + box.id).trim());
    } else {
      input.removeAttribute("aria-invalid");
    }
    return errors.length === 0;
  }
  function setUpFileChecks() {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () { checkFiles(input); });
    });
  }

  // "Controleer uw melding": before a form marked data-review is sent, show
  // every answer with a link to change it. Going back only hides the overview;
  // nothing in the form (attachments included) is touched.
  function labelOf(field) {
    var label = field.querySelector("legend, label.utrecht-form-label");
    if (!label) { return ""; }
    var copy = label.cloneNode(true);
    copy.querySelectorAll(".app-optional, .app-visually-hidden").forEach(function (node) { node.remove(); });
    var person = field.closest("[data-person]");
    var heading = person ? person.querySelector("h3") : null;
    return (heading ? heading.textContent.trim() + " · " : "") + copy.textContent.trim();
  }

  function valueOf(field, texts) {
    var radios = field.querySelectorAll("input[type=radio]");
    if (radios.length) {
      var checked = field.querySelector("input[type=radio]:checked");
      var label = checked ? field.querySelector("label[for='" + checked.id + "']") : null;
      return [label ? label.textContent.trim() : texts.empty];
    }
    var file = field.querySelector("input[type=file]");
    if (file) {
      var names = Array.prototype.map.call(file.files || [], function (item) { return item.name + " (" + fileSize(item.size) + ")"; });
      return names.length ? names : [texts.noFiles];
    }
    var select = field.querySelector("select");
    if (select) { return [select.value && select.selectedOptions.length ? select.selectedOptions[0].text : texts.empty]; }
    var control = field.querySelector("textarea, input:not([type=hidden])");
    if (!control || !control.value.trim()) { return [texts.empty]; }
    if (control.type === "date") {
      var parts = control.value.split("-");
      return [parseInt(parts[2], 10) + "-" + parseInt(parts[1], 10) + "-" + parts[0]];
    }
    return [control.value.trim()];
  }

  function setUpReview() {
    var form = document.querySelector("form[data-review]");
    if (!form) { return; }
    var panel = form.querySelector("[data-review-panel]");
    var body = form.querySelector("[data-review-form]");
    var list = panel.querySelector("[data-review-list]");
    var heading = panel.querySelector("h2");
    var texts = { empty: panel.dataset.empty, noFiles: panel.dataset.noFiles, change: panel.dataset.change };
    var reviewing = false;
    var pushed = false;
    form.querySelectorAll("[data-review-label]").forEach(function (button) { button.textContent = button.dataset.reviewLabel; });

    function build() {
      list.textContent = "";
      body.querySelectorAll("fieldset.app-section").forEach(function (section) {
        var title = document.createElement("h3");
        title.className = "utrecht-heading-3";
        title.textContent = section.querySelector("legend").textContent.trim();
        var dl = document.createElement("dl");
        dl.className = "app-review__list";
        section.querySelectorAll(".utrecht-form-field").forEach(function (field) {
          if (field.closest("template") || field.hidden) { return; }
          var control = field.querySelector("input:not([type=hidden]), select, textarea");
          if (!control) { return; }
          var row = document.createElement("div");
          row.className = "app-review__row";
          var dt = document.createElement("dt");
          dt.textContent = labelOf(field);
          var dd = document.createElement("dd");
          valueOf(field, texts).forEach(function (text) {
            var line = document.createElement("span");
            line.className = "app-review__value";
            line.textContent = text;
            dd.appendChild(line);
          });
          var change = document.createElement("a");
          change.className = "utrecht-link app-review__change";
          change.href = "#" + control.id;
          change.textContent = texts.change;
          var hidden = document.createElement("span");
          hidden.className = "app-visually-hidden";
          hidden.textContent = " " + dt.textContent;
          change.appendChild(hidden);
          change.addEventListener("click", function (event) {
            event.preventDefault();
            showForm(control);
          });
          row.appendChild(dt);
          row.appendChild(dd);
          row.appendChild(change);
          dl.appendChild(row);
        });
        list.appendChild(title);
        list.appendChild(dl);
      });
    }

    function missingRequired() {
      var missing = false;
      body.querySelectorAll("[aria-required=true]").forEach(function (control) {
        if (control.closest("template") || control.closest("[hidden]")) { return; }
        if (control.type === "radio") {
          if (!body.querySelector("[name='" + control.name + "']:checked")) { missing = true; }
        } else if (!control.value.trim()) {
          missing = true;
        }
      });
      return missing;
    }

    function showReview() {
      build();
      reviewing = true;
      body.hidden = true;
      panel.hidden = false;
      // Same URL (a fragment would survive the redirect after sending): only
      // the history entry, so the browser's back button returns to the form.
      if (!pushed) { window.history.pushState({ review: true }, ""); pushed = true; }
      window.scrollTo(0, 0);
      heading.focus();
    }

    function showForm(focusOn) {
      reviewing = false;
      panel.hidden = true;
      body.hidden = false;
      if (pushed) { pushed = false; window.history.replaceState(null, ""); }
      if (focusOn) { focusOn.focus(); focusOn.scrollIntoView({ block: "center" }); }
    }

    // Capture phase: runs before the form's own submit handlers (session check,
    // submit-once), which only see the final send.
    document.addEventListener("submit", function (event) {
      if (event.target !== form || reviewing) { return; }
      var ok = true;
      form.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) { ok = checkFiles(input) && ok; });
      // Something required is missing: let this submit go on, so the server says
      // what, next to each field, as without JavaScript.
      if (ok && missingRequired()) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!ok) { return; }
      showReview();
    }, true);
    panel.querySelector("[data-review-back]").addEventListener("click", function () {
      if (pushed) { window.history.back(); } else { showForm(); }
    });
    window.addEventListener("popstate", function () {
      if (reviewing) { pushed = false; showForm(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpConditionalFields();
    setUpConditionalRequired();
    setUpFileChecks();
    setUpReview();
  });
})();
