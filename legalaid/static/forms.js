// Never lose what someone typed: a warning before the session expires ("Stay signed in"), the
// form kept in sessionStorage when it is sent (given back after signing in again, or after a
// dropped connection), local drafts of the long forms, and the error summary brought into view.
// Every page works without this file; its texts come from <body> (translated there).
(function () {
  "use strict";

  var body = document.body;
  var data = body.dataset;
  var userId = data.userId || "";
  var PREFIX = "legalaid:";
  var SENT_KEY = PREFIX + "sent-form";
  var PENDING_DRAFT_KEY = PREFIX + "pending-draft";
  var PERSONAL_KEY = PREFIX + "personal-device";
  var DRAFT_PREFIX = PREFIX + "draft:";
  var SENT_FORM_LIFETIME_MS = 3 * 60 * 60 * 1000;

  function storage(kind) {
    try {
      return window[kind];
    } catch (error) {
      return null; // storage refused (privacy settings): forms still work, nothing is kept
    }
  }
  var local = storage("localStorage");
  var tab = storage("sessionStorage");

  function readJson(store, key) {
    try {
      return JSON.parse(store.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function notice(text, kind) {
    var box = document.createElement("div");
    box.className = "alert alert-" + (kind || "info");
    box.setAttribute("role", "status");
    box.textContent = text;
    return box;
  }

  // --- What a form holds, without passwords, files or CSRF tokens -------------------------------

  function keptElements(form, withSensitive) {
    return Array.prototype.filter.call(form.elements, function (element) {
      if (!element.name || element.disabled || element.name === "csrf_token") {
        return false;
      }
      if (["password", "file", "submit", "button", "reset"].indexOf(element.type) >= 0) {
        return false;
      }
      return withSensitive || !element.hasAttribute("data-sensitive");
    });
  }

  function formValues(form, withSensitive) {
    return keptElements(form, withSensitive).map(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        return [element.name, element.value, element.checked];
      }
      if (element.type === "select-multiple") {
        var chosen = Array.prototype.filter.call(element.options, function (option) {
          return option.selected;
        });
        return [element.name, chosen.map(function (option) { return option.value; }), true];
      }
      return [element.name, element.value, true];
    });
  }

  function fillForm(form, values) {
    var byName = {};
    values.forEach(function (entry) {
      (byName[entry[0]] = byName[entry[0]] || []).push(entry);
    });
    keptElements(form, true).forEach(function (element) {
      var entries = byName[element.name];
      if (!entries || !entries.length) {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = entries.some(function (entry) {
          return entry[1] === element.value && entry[2];
        });
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = entries[0][1].indexOf(option.value) >= 0;
        });
      } else {
        element.value = entries.shift()[1]; // several fields of one name: in order
      }
    });
  }

  // Forms worth keeping hold something typed or chosen: not a language switch or a lone button.
  function holdsInput(form) {
    return keptElements(form, true).some(function (element) {
      return element.type !== "hidden";
    });
  }

  function formKey(form) {
    return new URL(form.getAttribute("action") || window.location.href, window.location.href)
      .pathname;
  }

  function here() {
    return window.location.pathname + window.location.search;
  }

  function postForms() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return (form.getAttribute("method") || "").toLowerCase() === "post";
    });
  }

  function isLogout(form) {
    return data.logoutUrl && formKey(form) === data.logoutUrl;
  }

  // --- The error summary: in view and focused --------------------------------------------------

  function showErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  // --- Session clock: warn before expiry, "Stay signed in" -------------------------------------

  function startSessionClock() {
    var idleSeconds = Number(data.idleSeconds);
    if (!userId || !idleSeconds || !data.keepAliveUrl) {
      return;
    }
    var clockKey = PREFIX + "session-expires:" + userId;
    var warnBeforeMs = Math.min(5 * 60, idleSeconds / 3) * 1000;
    var expiresAt = Date.now() + idleSeconds * 1000;
    if (local) {
      local.setItem(clockKey, String(expiresAt)); // other tabs of the same user see the refresh
    }

    var banner = document.createElement("div");
    banner.className = "alert alert-warning fixed-bottom m-2 shadow";
    banner.setAttribute("role", "alert");
    banner.setAttribute("data-session-banner", "");
    banner.hidden = true;
    var text = document.createElement("span");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-dark ms-2";
    button.textContent = data.textStaySignedIn;
    banner.appendChild(text);
    banner.appendChild(button);
    body.appendChild(banner);

    function latestExpiry() {
      var shared = local ? Number(local.getItem(clockKey)) : 0;
      return Math.max(expiresAt, shared || 0);
    }

    function tick() {
      expiresAt = latestExpiry();
      var left = expiresAt - Date.now();
      if (left <= 0) {
        text.textContent = data.textExpired;
        button.hidden = true;
        banner.hidden = false;
        return;
      }
      if (left <= warnBeforeMs) {
        text.textContent = data.textExpirySoon.replace("{minutes}", Math.ceil(left / 60000));
        button.hidden = false;
        banner.hidden = false;
      } else {
        banner.hidden = true;
      }
      window.setTimeout(tick, Math.min(15000, Math.max(1000, left - warnBeforeMs)));
    }

    button.addEventListener("click", function () {
      fetch(data.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": data.csrfToken, Accept: "application/json" },
      })
        .then(function (response) {
          if (response.status === 401) {
            expiresAt = 0;
            if (local) {
              local.removeItem(clockKey);
            }
            return null;
          }
          if (!response.ok) {
            throw new Error("keep-alive " + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (answer) {
            expiresAt = Date.now() + answer.idle_seconds * 1000;
            if (local) {
              local.setItem(clockKey, String(expiresAt));
            }
          }
          tick();
        })
        .catch(function () {
          text.textContent = data.textKeepAliveFailed;
        });
    });
    tick();
  }

  // --- A sent form, kept in this tab until the next page shows how it went ---------------------

  function keepSentForms() {
    if (!tab) {
      return;
    }
    postForms().forEach(function (form) {
      if (isLogout(form) || form.hasAttribute("data-sign-in-again") || !holdsInput(form)) {
        return;
      }
      form.addEventListener("submit", function () {
        tab.setItem(SENT_KEY, JSON.stringify({
          user: userId,
          page: here(),
          form: formKey(form),
          at: Date.now(),
          values: formValues(form, true),
        }));
      });
    });
  }

  function restoreSentForm() {
    var sent = tab && readJson(tab, SENT_KEY);
    if (!sent) {
      return;
    }
    var signInAgain = document.querySelector("form[data-sign-in-again]");
    if (signInAgain) {
      // The session had expired: once signed in, go back to the form's page, where it is filled in.
      // The kept values in the page then need not travel (they are for browsers without script).
      sent.resume = true;
      tab.setItem(SENT_KEY, JSON.stringify(sent));
      signInAgain.addEventListener("submit", function () {
        signInAgain.querySelectorAll("[data-kept]").forEach(function (input) { input.remove(); });
        signInAgain.querySelector("input[name=next]").value = sent.page;
      });
      return;
    }
    tab.removeItem(SENT_KEY);
    var fresh = Date.now() - sent.at < SENT_FORM_LIFETIME_MS;
    // Back on the form's page: after signing in again, or after a dropped connection (no save,
    // no errors shown). Anything else means the form was answered: a save or its errors.
    var answered = data.saved !== undefined || document.querySelector("[data-error-summary]");
    if (!fresh || sent.user !== userId || sent.page !== here() || (!sent.resume && answered)) {
      return;
    }
    var form = postForms().filter(function (candidate) {
      return formKey(candidate) === sent.form;
    })[0];
    if (!form) {
      return;
    }
    fillForm(form, sent.values);
    var message = notice(data.textFormRestored, "warning");
    message.setAttribute("tabindex", "-1");
    message.setAttribute("data-form-restored", "");
    form.insertBefore(message, form.firstChild);
    message.scrollIntoView({ block: "start" });
    message.focus({ preventScroll: true });
  }

  // --- Drafts of the long forms, kept while typing ---------------------------------------------

  function personalDevice() {
    return local && local.getItem(PERSONAL_KEY) === "yes";
  }

  function draftKey(form) {
    // The form's address names the case (or the kind of intake), and stays the same when the
    // server answers it with errors on another page.
    return DRAFT_PREFIX + userId + ":" + form.dataset.draft + ":" + formKey(form);
  }

  function clearAllDrafts() {
    if (!local) {
      return;
    }
    Object.keys(local).forEach(function (key) {
      if (key.indexOf(DRAFT_PREFIX) === 0) {
        local.removeItem(key);
      }
    });
  }

  function settlePendingDraft() {
    var pending = tab && tab.getItem(PENDING_DRAFT_KEY);
    if (!pending || !local || document.querySelector("form[data-sign-in-again]")) {
      return;
    }
    tab.removeItem(PENDING_DRAFT_KEY);
    var formStillHere = postForms().some(function (form) {
      return form.dataset.draft && draftKey(form) === pending;
    });
    if (data.saved !== undefined || !formStillHere) {
      local.removeItem(pending); // saved: the draft has done its work
    }
  }

  function personalDeviceChoice(form, save) {
    var wrapper = document.createElement("div");
    wrapper.className = "form-check mb-3";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.id = "personal-device-" + form.dataset.draft;
    box.checked = personalDevice();
    var label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = box.id;
    label.textContent = data.textPersonalDevice;
    box.addEventListener("change", function () {
      if (box.checked) {
        local.setItem(PERSONAL_KEY, "yes");
      } else {
        local.removeItem(PERSONAL_KEY);
      }
      save();
    });
    wrapper.appendChild(box);
    wrapper.appendChild(label);
    return wrapper;
  }

  function keepDrafts() {
    if (!local || !userId) {
      return;
    }
    postForms().forEach(function (form) {
      if (!form.dataset.draft) {
        return;
      }
      var key = draftKey(form);
      var timer = null;
      function save() {
        local.setItem(key, JSON.stringify(formValues(form, personalDevice())));
      }
      var draft = readJson(local, key);
      // Errors shown by the server: the page already holds what was typed, fresher than a draft.
      if (draft && !form.querySelector("[data-error-summary]") && !form.querySelector(".is-invalid")) {
        fillForm(form, draft);
        var message = notice(data.textDraftRestored + " ");
        message.setAttribute("data-draft-notice", "");
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn btn-sm btn-outline-dark ms-2";
        discard.textContent = data.textDiscard;
        discard.addEventListener("click", function () {
          local.removeItem(key);
          form.reset();
          message.remove();
        });
        message.appendChild(discard);
        form.insertBefore(message, form.firstChild);
      }
      if (form.querySelector("[data-sensitive]")) {
        var firstSensitive = form.querySelector("[data-sensitive]").closest(".mb-3");
        firstSensitive.parentNode.insertBefore(personalDeviceChoice(form, save), firstSensitive.nextSibling);
      }
      form.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 400);
      });
      form.addEventListener("change", save);
      form.addEventListener("submit", function () {
        save();
        if (tab) {
          tab.setItem(PENDING_DRAFT_KEY, key);
        }
      });
    });
  }

  function forgetOnLogout() {
    postForms().filter(isLogout).forEach(function (form) {
      form.addEventListener("submit", function () {
        clearAllDrafts();
        if (tab) {
          tab.removeItem(SENT_KEY);
          tab.removeItem(PENDING_DRAFT_KEY);
        }
      });
    });
  }

  settlePendingDraft();
  restoreSentForm();
  keepDrafts();
  keepSentForms();
  forgetOnLogout();
  startSessionClock();
  showErrorSummary();
})();
