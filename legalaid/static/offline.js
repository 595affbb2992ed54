// Offline field work: what a paralegal types without a connection waits, encrypted, on the
// device, and is sent when the connection returns, one item after the other.
//
// - The store (IndexedDB "legalaid-offline") holds only what the user queued and the cases they
//   chose to keep (reference and version, never a name), encrypted with AES-GCM under a key
//   derived from a PIN (PBKDF2, 310,000 rounds). The key stays in this tab's sessionStorage
//   until the tab closes; then the PIN unlocks it again.
// - Wiped on logout, when another user signs in, after five wrong PINs, and after
//   OFFLINE_IDLE_HOURS unused. A GBV narrative ([data-sensitive]) is never queued.
// - Each item carries a client-made id: a sync cut halfway and retried creates nothing twice.
// Every page works without this file.
(function () {
  "use strict";

  var body = document.body;
  var data = body.dataset;
  var DB_NAME = "legalaid-offline";
  var KEY_NAME = "legalaid:offline-key";
  var PREPARED_NAME = "legalaid:offline-prepared";
  var PREPARE_AGAIN_AFTER_MS = 60000;
  var WAITING_NAME = "legalaid:offline-waiting"; // a count, read at sign-out without waiting
  var SIGNED_OUT_NAME = "legalaid:signed-out";
  var REOPEN_HASH = "#offline-item-";
  var CACHES = ["legalaid-pages", "legalaid-files"];
  var SCOPES = ["/offline/", "/cases/new"]; // the pages that work offline
  var ROUNDS = 310000;
  var MAX_PIN_FAILURES = 5;
  var textsElement = document.getElementById("offline-texts");
  var texts = textsElement ? JSON.parse(textsElement.textContent) : {};

  function say(name, values) {
    var text = texts[name] || name;
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", values[key]);
    });
    return text;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }

  // A labelled radio button or checkbox in its Bootstrap row.
  function choiceRow(type, name, value, id, text, rowClass) {
    var row = element("div", rowClass || "form-check");
    var input = element("input", "form-check-input");
    input.type = type;
    input.name = name;
    input.value = value;
    input.id = id;
    var label = element("label", "form-check-label", text);
    label.htmlFor = id;
    row.append(input, label);
    return row;
  }

  // --- IndexedDB, promised ---------------------------------------------------------------------

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  function openStore() {
    var opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = function () {
      var db = opening.result;
      db.createObjectStore("meta");
      db.createObjectStore("queue", { autoIncrement: true });
      db.createObjectStore("cases");
    };
    return request(opening);
  }

  function withStore(name, mode, act) {
    return openStore().then(function (db) {
      var store = db.transaction(name, mode).objectStore(name);
      return request(act(store)).finally(function () { db.close(); });
    });
  }

  function getMeta(key) { return withStore("meta", "readonly", function (s) { return s.get(key); }); }
  function setMeta(key, value) {
    return withStore("meta", "readwrite", function (s) { return s.put(value, key); });
  }

  function entries(name) {
    return openStore().then(function (db) {
      return new Promise(function (resolve, reject) {
        var found = [];
        var cursor = db.transaction(name, "readonly").objectStore(name).openCursor();
        cursor.onsuccess = function () {
          var at = cursor.result;
          if (!at) { db.close(); resolve(found); return; }
          found.push({ key: at.key, value: at.value });
          at.continue();
        };
        cursor.onerror = function () { db.close(); reject(cursor.error); };
      });
    });
  }

  function wipe() {
    try {
      sessionStorage.removeItem(KEY_NAME);
      sessionStorage.removeItem(PREPARED_NAME);
      localStorage.removeItem(WAITING_NAME);
    } catch (e) { /* storage refused: nothing was kept there */ }
    var caches_ = window.caches ? Promise.all(CACHES.map(function (name) { return caches.delete(name); })) : Promise.resolve();
    return Promise.all([caches_, request(indexedDB.deleteDatabase(DB_NAME)).catch(function () {})]);
  }

  // --- The key: derived from the PIN, kept for this tab only -----------------------------------

  function bytes64(buffer) { return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer))); }
  function unbytes64(text) { return Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); }); }

  function deriveKey(pin, salt) {
    var encoded = new TextEncoder().encode(pin);
    return crypto.subtle.importKey("raw", encoded, "PBKDF2", false, ["deriveKey"]).then(function (base) {
      return crypto.subtle.deriveKey(
        { name: "PBKDF2", salt: salt, iterations: ROUNDS, hash: "SHA-256" },
        base, { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
    });
  }

  function tabKey() {
    var raw = null;
    try { raw = sessionStorage.getItem(KEY_NAME); } catch (e) { raw = null; }
    if (!raw) { return Promise.resolve(null); }
    return crypto.subtle.importKey("raw", unbytes64(raw), "AES-GCM", false, ["encrypt", "decrypt"]);
  }

  function encrypt(key, value) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = new TextEncoder().encode(JSON.stringify(value));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, plain).then(function (sealed) {
      return { iv: bytes64(iv), data: bytes64(sealed) };
    });
  }

  function decrypt(key, sealed) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: unbytes64(sealed.iv) }, key, unbytes64(sealed.data))
      .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
  }

  // Set the PIN (first use) or check it; the derived key is kept for this tab.
  function unlock(pin) {
    return getMeta("check").then(function (check) {
      if (!check) {
        var salt = crypto.getRandomValues(new Uint8Array(16));
        return deriveKey(pin, salt).then(function (key) {
          return encrypt(key, "legalaid").then(function (sealed) {
            return Promise.all([setMeta("salt", bytes64(salt)), setMeta("check", sealed),
              setMeta("userId", data.userId), setMeta("deviceId", crypto.randomUUID())])
              .then(function () { return key; });
          });
        });
      }
      return getMeta("salt").then(function (salt) {
        return deriveKey(pin, unbytes64(salt)).then(function (key) {
          return decrypt(key, check).then(function () {
            return setMeta("failures", 0).then(function () { return key; });
          }, function () {
            return getMeta("failures").then(function (failures) {
              failures = (failures || 0) + 1;
              if (failures >= MAX_PIN_FAILURES) {
                return wipe().then(function () { throw new Error(say("wipedAfterFailures")); });
              }
              return setMeta("failures", failures).then(function () { throw new Error(say("wrongPin")); });
            });
          });
        });
      });
    }).then(function (key) {
      return crypto.subtle.exportKey("raw", key).then(function (raw) {
        sessionStorage.setItem(KEY_NAME, bytes64(raw));
        return touch().then(function () { return tabKey(); });
      });
    });
  }

  function touch() { return setMeta("lastUsed", Date.now()); }

  // A key for this tab, asking for the PIN in `place` when there is none yet.
  function keyFor(place) {
    return tabKey().then(function (key) {
      if (key) { return key; }
      return getMeta("check").then(function (check) { return askPin(place, !check); });
    });
  }

  function askPin(place, first) {
    return new Promise(function (resolve) {
      var box = document.createElement("form");
      box.className = "alert alert-info";
      box.setAttribute("data-offline-pin", "");
      var label = document.createElement("label");
      label.className = "form-label";
      label.textContent = say(first ? "choosePin" : "enterPin");
      var input = document.createElement("input");
      input.type = "password";
      input.inputMode = "numeric";
      input.autocomplete = "off";
      input.className = "form-control mb-2";
      input.name = "offline-pin";
      label.appendChild(input);
      var problem = document.createElement("p");
      problem.className = "text-danger mb-2";
      var button = document.createElement("button");
      button.type = "submit";
      button.className = "btn btn-primary";
      button.textContent = say("unlock");
      box.append(label, problem, button);
      box.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!/^[0-9]{6,12}$/.test(input.value)) {
          problem.textContent = say("pinRule");
          return;
        }
        button.disabled = true;
        unlock(input.value).then(function (key) { box.remove(); resolve(key); }, function (error) {
          problem.textContent = error.message;
          button.disabled = false;
        });
      });
      if (place.tagName === "FORM") { place.before(box); } else { place.prepend(box); }
      input.focus();
    });
  }

  // --- The queue --------------------------------------------------------------------------------

  function queue(place, item) {
    return keyFor(place).then(function (key) {
      return getMeta("deviceId").then(function (deviceId) {
        item.client_id = crypto.randomUUID();
        item.device_id = deviceId;
        return encrypt(key, item).then(function (sealed) {
          sealed.type = item.type;
          sealed.created = Date.now();
          return withStore("queue", "readwrite", function (s) { return s.add(sealed); });
        });
      });
    }).then(touch).then(showCount);
  }

  function waiting() {
    return withStore("queue", "readonly", function (s) { return s.count(); }).catch(function () { return 0; });
  }

  function items() {
    return tabKey().then(function (key) {
      if (!key) { return []; }
      return entries("queue").then(function (found) {
        return Promise.all(found.map(function (entry) {
          return decrypt(key, entry.value).then(function (item) { return { key: entry.key, item: item }; });
        }));
      });
    });
  }

  function replace(key, item) {
    return tabKey().then(function (cryptoKey) {
      return encrypt(cryptoKey, item).then(function (sealed) {
        sealed.type = item.type;
        sealed.created = Date.now();
        return withStore("queue", "readwrite", function (s) { return s.put(sealed, key); });
      });
    });
  }

  function forget(key) {
    return withStore("queue", "readwrite", function (s) { return s.delete(key); }).then(showCount);
  }

  function showCount() {
    return waiting().then(function (count) {
      try { localStorage.setItem(WAITING_NAME, String(count)); } catch (e) { /* refused */ }
      document.querySelectorAll("[data-offline-count]").forEach(function (counter) {
        // The bar's badge is the number alone: its page may not carry offline.js's texts.
        counter.textContent = counter.dataset.offlineCount === "sentence" ? say("waiting", { count: count }) : String(count);
        counter.hidden = count === 0;
      });
      return count;
    });
  }

  // --- Sync: in order, each item once; what needs the user waits for them ----------------------

  var answers = {};
  var syncing = false;
  var retryDelay = 0;

  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    return fetch(data.offlineStateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected || !/json/.test(response.headers.get("Content-Type") || "")) {
          throw new Error(say("signInToSend"));
        }
        return response.json();
      }, function () { throw new ConnectionLost(); })
      .then(function (state) {
        return items().then(function (found) {
          return found.reduce(function (previous, entry) {
            return previous.then(function () { return send(entry, state.csrf_token); });
          }, Promise.resolve());
        });
      })
      .then(function () {
        delete answers.problem;
        retryDelay = 0;
      }, function (error) {
        answers.problem = error.message;
        if (error instanceof ConnectionLost) { retryLater(); }
      })
      .finally(function () { syncing = false; showCount(); drawQueue(); });
  }

  // A line that comes back is often not usable at once: try again, less and less often.
  function ConnectionLost() { this.message = say("noConnection"); }
  ConnectionLost.prototype = Object.create(Error.prototype);

  function retryLater() {
    retryDelay = Math.min((retryDelay || 2500) * 2, 60000);
    window.setTimeout(sync, retryDelay);
  }

  function send(entry, token) {
    return fetch(data.offlineSyncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
      body: JSON.stringify(entry.item)
    }).then(function (response) {
      if (response.redirected || !/json/.test(response.headers.get("Content-Type") || "")) {
        throw new Error(say("signInToSend"));
      }
      return response.json().then(function (answer) {
        if (answer.status === "done") {
          answers.sent = (answers.sent || []).concat([answer]);
          delete answers[entry.key];
          return forget(entry.key);
        }
        answers[entry.key] = answer;
      });
    }, function () { throw new ConnectionLost(); });
  }

  // --- The intake forms: queued when there is no connection ------------------------------------

  function intakeFields(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      var field = form.elements[name];
      var sensitive = field && (field.hasAttribute ? field.hasAttribute("data-sensitive") : false);
      if (name === "csrf_token" || typeof value !== "string" || sensitive) { return; }
      fields[name] = name in fields ? [].concat(fields[name], value) : value;
    });
    return fields;
  }

  function guardSensitive(form) {
    var offline = !navigator.onLine;
    form.querySelectorAll("[data-sensitive]").forEach(function (field) {
      field.disabled = offline;
      var hint = field.parentNode.querySelector("[data-offline-hint]");
      if (offline && !hint) {
        hint = document.createElement("p");
        hint.className = "form-text text-warning";
        hint.setAttribute("data-offline-hint", "");
        hint.textContent = say("narrativeOnline");
        field.after(hint);
      } else if (!offline && hint) {
        hint.remove();
      }
    });
  }

  // A refused intake back in its form, to correct and send again: once the form holds it (and
  // forms.js keeps it as a draft), the queued copy goes.
  function reopenIntake(form) {
    var key = Number(window.location.hash.slice(REOPEN_HASH.length));
    if (window.location.hash.indexOf(REOPEN_HASH) !== 0 || !key) { return; }
    items().then(function (found) {
      var entry = found.filter(function (one) { return one.key === key; })[0];
      if (!entry) { return; }
      Object.keys(entry.item.fields).forEach(function (name) {
        var values = [].concat(entry.item.fields[name]);
        form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (field) {
          if (field.type === "checkbox" || field.type === "radio") {
            field.checked = values.indexOf(field.value) >= 0;
          } else if (field.type === "select-multiple") {
            Array.prototype.forEach.call(field.options, function (option) {
              option.selected = values.indexOf(option.value) >= 0;
            });
          } else if (field.type !== "hidden" || name === "beneficiary_choice") {
            field.value = values[0];
          }
        });
      });
      form.dispatchEvent(new Event("input", { bubbles: true }));
      return forget(key).then(function () {
        var notice = element("div", "alert alert-info", say("reopened"));
        notice.setAttribute("role", "status");
        notice.setAttribute("data-offline-reopened", "");
        form.before(notice);
      });
    });
  }

  function watchIntake(form) {
    reopenIntake(form);
    guardSensitive(form);
    window.addEventListener("online", function () { guardSensitive(form); });
    window.addEventListener("offline", function () { guardSensitive(form); });
    document.addEventListener("submit", function (event) {
      if (event.target !== form || navigator.onLine) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (event.submitter && event.submitter.name) {
        // A button that asks the server for more of the form ("Add a party").
        event.submitter.after(element("p", "form-text text-warning", say("needsConnection")));
        return;
      }
      var heading = document.querySelector("h1");
      queue(form, {
        type: "intake",
        kind: form.getAttribute("data-offline-intake"),
        label: heading ? heading.textContent.replace(/\s+/g, " ").trim() : "",
        fields: intakeFields(form)
      }).then(function () {
        form.reset();
        guardSensitive(form);
        var done = document.createElement("div");
        done.className = "alert alert-success";
        done.setAttribute("role", "status");
        done.setAttribute("data-offline-queued", "");
        done.textContent = say("queued");
        form.prepend(done);
        done.scrollIntoView();
      });
    }, true);
  }

  // --- Cases the user keeps for offline work: reference and version only -----------------------

  function keepCase(holder) {
    var kept = JSON.parse(holder.getAttribute("data-offline-case"));
    function store(key) {
      return encrypt(key, kept).then(function (sealed) {
        return withStore("cases", "readwrite", function (s) { return s.put(sealed, kept.id); });
      }).then(function () {
        holder.replaceChildren(element("span", "text-muted small", say("kept")));
        holder.hidden = false;
      });
    }
    return tabKey().then(function (key) {
      if (key) { return store(key); }
      var button = element("button", "btn btn-sm btn-outline-secondary", say("keepCase"));
      button.type = "button";
      button.addEventListener("click", function () { keyFor(holder).then(store); });
      holder.replaceChildren(button);
      holder.hidden = false;
    });
  }

  function keptCases() {
    return tabKey().then(function (key) {
      if (!key) { return []; }
      return entries("cases").then(function (found) {
        return Promise.all(found.map(function (entry) { return decrypt(key, entry.value); }));
      });
    }).catch(function () { return []; });
  }

  // --- The offline page ------------------------------------------------------------------------

  var page = document.querySelector("[data-offline-page]");

  function drawQueue() {
    var list = page && page.querySelector("[data-offline-queue]");
    if (!list) { return Promise.resolve(); }
    return items().then(function (found) {
      list.replaceChildren();
      if (answers.problem) { list.append(element("div", "alert alert-warning", answers.problem)); }
      (answers.sent || []).forEach(function (answer) {
        var done = element("div", "alert alert-success");
        done.setAttribute("data-offline-sent", "");
        done.append(element("span", "", answer.message + " "));
        if (answer.url) {
          var link = element("a", "", say("open"));
          link.href = answer.url;
          done.append(link);
        }
        list.append(done);
      });
      if (!found.length) { list.append(element("p", "text-muted", say("nothingWaiting"))); }
      found.forEach(function (entry) { list.append(drawItem(entry)); });
    });
  }

  function drawItem(entry) {
    var item = entry.item;
    var card = element("div", "card mb-2");
    card.setAttribute("data-offline-item", item.type);
    var inside = element("div", "card-body");
    card.append(inside);
    inside.append(element("p", "fw-bold mb-1", item.label || say("type-" + item.type)));
    var answer = answers[entry.key];
    if (answer) {
      inside.append(element("p", "mb-2", answer.message));
      Object.keys(answer.errors || {}).forEach(function (name) {
        inside.append(element("p", "text-danger mb-1", name + " : " + answer.errors[name].join(" ")));
      });
      if (answer.status === "choose") { inside.append(drawChoice(entry, answer)); }
      if (answer.status === "conflict") { inside.append(drawDifferences(entry, answer)); }
      if (answer.status === "refused" && item.type === "intake") {
        var reopen = element("a", "btn btn-sm btn-primary mt-2 me-2", say("reopen"));
        reopen.href = "/cases/new/" + encodeURIComponent(item.kind) + REOPEN_HASH + entry.key;
        inside.append(reopen);
      }
    }
    var remove = element("button", "btn btn-sm btn-outline-danger mt-2", say("delete"));
    remove.type = "button";
    remove.addEventListener("click", function () {
      if (window.confirm(say("confirmDelete"))) { forget(entry.key).then(drawQueue); }
    });
    inside.append(remove);
    return card;
  }

  // The answer to a question of the server, sent again with what the user chose.
  function withSendButton(form, send) {
    var button = element("button", "btn btn-primary btn-sm mt-2", say("sendWithChoice"));
    button.type = "submit";
    form.append(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    return form;
  }

  function drawChoice(entry, answer) {
    var form = element("form", "mt-2");
    form.setAttribute("data-offline-choice", "");
    answer.conflicts && answer.conflicts.forEach(function (line) { form.append(element("p", "text-warning mb-1", line)); });
    var options = (answer.choices || []).concat(answer.choices && answer.choices.length ? [{ value: "new", label: say("newPerson") }] : []);
    options.forEach(function (option, index) {
      var row = choiceRow("radio", "choice", option.value, "choice-" + entry.key + "-" + index, option.label);
      row.querySelector("input").required = true;
      form.append(row);
    });
    if (answer.conflicts && answer.conflicts.length) {
      var row = choiceRow("checkbox", "acknowledged", "y", "ack-" + entry.key, say("acknowledge"));
      row.querySelector("input").required = true;
      form.append(row);
    }
    return withSendButton(form, function () {
      var item = entry.item;
      if (form.elements.choice) { item.fields.beneficiary_choice = form.elements.choice.value; }
      if (form.elements.acknowledged) { item.fields.conflicts_acknowledged = "y"; }
      delete answers[entry.key];
      replace(entry.key, item).then(sync);
    });
  }

  function drawDifferences(entry, answer) {
    var form = element("form", "mt-2");
    form.setAttribute("data-offline-differences", "");
    answer.differences.forEach(function (difference) {
      var group = element("fieldset", "border rounded p-2 mb-2");
      group.append(element("legend", "h6", difference.label));
      var table = element("dl", "row mb-1");
      table.append(element("dt", "col-sm-3", say("yours")), element("dd", "col-sm-9", difference.yours));
      table.append(element("dt", "col-sm-3", say("server")), element("dd", "col-sm-9", difference.server));
      group.append(table);
      ["yours", "server", "merge"].forEach(function (choice) {
        var id = "keep-" + entry.key + "-" + difference.field + "-" + choice;
        var row = choiceRow("radio", difference.field, choice, id, say("keep-" + choice), "form-check form-check-inline");
        row.querySelector("input").required = true;
        group.append(row);
      });
      var merged = element("textarea", "form-control mt-1");
      merged.name = difference.field + "-merged";
      merged.value = difference.server + "\n" + difference.yours;
      merged.hidden = true;
      group.addEventListener("change", function () {
        merged.hidden = !(form.elements[difference.field].value === "merge");
      });
      group.append(merged);
      form.append(group);
    });
    return withSendButton(form, function () {
      var item = entry.item;
      answer.differences.forEach(function (difference) {
        var choice = form.elements[difference.field].value;
        if (choice === "server") { delete item.changes[difference.field]; }
        if (choice === "merge") { item.changes[difference.field] = form.elements[difference.field + "-merged"].value; }
      });
      item.based_on_version = answer.version;
      delete answers[entry.key];
      var next = Object.keys(item.changes).length ? replace(entry.key, item) : forget(entry.key);
      next.then(sync);
    });
  }

  function fillCaseChoices(cases) {
    page.querySelectorAll("select[data-offline-cases]").forEach(function (select) {
      var kind = select.getAttribute("data-offline-cases");
      select.replaceChildren(element("option", "", "—"));
      select.firstChild.value = "";
      cases.filter(function (kept) { return !kind || kept.kind === kind; }).forEach(function (kept) {
        var option = element("option", "", kept.reference + " · " + kept.kind_label);
        option.value = kept.id;
        option.dataset.version = kept.version;
        option.dataset.seenAt = kept.seen_at;
        select.append(option);
      });
    });
  }

  function drawVisitRows(cases) {
    var form = page.querySelector("form[data-offline-form='visit']");
    var rows = form.querySelector("[data-offline-visit-rows]");
    var prison = Number(form.elements.prison_id.value);
    rows.replaceChildren();
    var here = cases.filter(function (kept) { return kept.kind === "detention" && kept.prison_id === prison; });
    if (!here.length) { rows.append(element("p", "text-muted", say("noKeptDetainees"))); }
    here.forEach(function (kept) {
      var row = element("div", "mb-2");
      var check = choiceRow("checkbox", "seen", kept.id, "seen-" + kept.id, kept.reference);
      var note = element("input", "form-control form-control-sm");
      note.name = "note-" + kept.id;
      note.setAttribute("aria-label", say("visitNote", { reference: kept.reference }));
      row.append(check, note);
      rows.append(row);
    });
  }

  function preparePage() {
    page.querySelectorAll("[data-needs-script]").forEach(function (part) { part.hidden = false; });
    page.querySelector("[data-offline-no-script]").hidden = true;
    var forms = page.querySelectorAll("form[data-offline-form]");
    function refreshCases() {
      return keptCases().then(function (cases) {
        fillCaseChoices(cases);
        drawVisitRows(cases);
        return cases;
      });
    }
    page.querySelector("[data-offline-unlock]").addEventListener("click", function () {
      keyFor(page).then(function () { refreshCases(); drawQueue(); sync(); });
    });
    page.querySelector("[data-offline-send]").addEventListener("click", function () { sync(); });
    page.querySelector("[data-offline-wipe]").addEventListener("click", function () {
      if (window.confirm(say("confirmWipe"))) { wipe().then(function () { window.location.reload(); }); }
    });
    page.querySelector("form[data-offline-form='visit'] select[name='prison_id']").addEventListener("change", refreshCases);
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var type = form.getAttribute("data-offline-form");
        var item = offlineItem(type, form);
        if (!item) { return; }
        queue(form, item).then(function () {
          form.reset();
          var done = element("div", "alert alert-success", say("queued"));
          done.setAttribute("role", "status");
          form.prepend(done);
          refreshCases();
          drawQueue();
        });
      });
    });
    refreshCases();
    drawQueue().then(function () { if (navigator.onLine) { sync(); } });
  }

  function offlineItem(type, form) {
    var elements = form.elements;
    var caseId = elements.case_id ? Number(elements.case_id.value) : null;
    if (type === "note") {
      return { type: "note", case_id: caseId, label: say("type-note"),
        fields: { action_type: elements.action_type.value, text: elements.text.value } };
    }
    if (type === "edit") {
      return editItem(form, caseId);
    }
    var entries_ = [];
    form.querySelectorAll("input[name='seen']:checked").forEach(function (box) {
      entries_.push({ case_id: Number(box.value), note: elements["note-" + box.value].value });
    });
    return { type: "visit", label: say("type-visit"), entries: entries_,
      fields: { prison_id: elements.prison_id.value, visited_on: elements.visited_on.value } };
  }

  // The fields typed are the change; the version and time the case was seen say what it
  // was based on, so that the server can tell a clash from a change nobody else made.
  function editItem(form, caseId) {
    var chosen = form.querySelector("select[name='case_id'] option:checked");
    var changes = {};
    if (form.elements.service_level.value) { changes.service_level = form.elements.service_level.value; }
    if (form.elements.summary.value.trim()) { changes.summary = form.elements.summary.value; }
    return { type: "edit", case_id: caseId, label: say("type-edit"), changes: changes,
      based_on_version: Number(chosen.dataset.version), seen_at: chosen.dataset.seenAt };
  }

  // --- Every page -------------------------------------------------------------------------------

  function stale() {
    var hours = Number(data.offlineIdleHours || 0);
    return getMeta("lastUsed").then(function (last) {
      return Boolean(hours && last && Date.now() - last > hours * 3600 * 1000);
    }).catch(function () { return false; });
  }

  // The pages asked with a header that tells the server they are copies for the device, so
  // that they carry no flashed message (and take none meant for the page the user is on).
  function keepCopies(cache, urls) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin", headers: { "X-Offline-Copy": "1" } }).then(function (response) {
        if (!response.ok || response.redirected) { throw new Error(url); }
        return cache.put(url, response);
      });
    }));
  }

  function prepareDevice() {
    if (!("serviceWorker" in navigator) || !data.offlineStateUrl || !navigator.onLine) { return; }
    // Two narrow scopes: the worker never stands between the user and any other page.
    SCOPES.forEach(function (scope) {
      navigator.serviceWorker.register(data.serviceWorkerUrl, { scope: scope }).catch(function () {});
    });
    // Once per tab: "done", or when a copy began (a page left half-way starts again a minute on).
    var prepared = sessionStorage.getItem(PREPARED_NAME);
    if (prepared === "done" || Date.now() - Number(prepared || 0) < PREPARE_AGAIN_AFTER_MS) { return; }
    sessionStorage.setItem(PREPARED_NAME, String(Date.now()));
    fetch(data.offlineStateUrl, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (state) {
      var pages = state.urls.filter(function (url) { return url.indexOf("/static/") < 0; });
      var files = state.urls.filter(function (url) { return url.indexOf("/static/") >= 0; });
      return Promise.all([
        caches.open("legalaid-pages").then(function (cache) { return keepCopies(cache, pages); }),
        caches.open("legalaid-files").then(function (cache) { return cache.addAll(files); })
      ]);
    }).then(function () {
      sessionStorage.setItem(PREPARED_NAME, "done");
      body.setAttribute("data-offline-ready", "");
    }).catch(function () {});
  }

  // Sign-out goes on at once (the wipe starts here and is finished by the next page, which
  // knows from a mark that the user signed out rather than that their session expired).
  function guardLogout() {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.getAttribute("action") !== data.logoutUrl) { return; }
      form.addEventListener("submit", function (event) {
        var count = 0;
        try { count = Number(localStorage.getItem(WAITING_NAME) || 0); } catch (e) { count = 0; }
        var question = (data.textOfflineSignOut || "").replace("{count}", count);
        if (count && !window.confirm(question)) {
          event.preventDefault();
          event.stopImmediatePropagation();
          return;
        }
        try { localStorage.setItem(SIGNED_OUT_NAME, "1"); } catch (e) { /* refused */ }
        wipe();
      }, true);
    });
  }

  function finishSignOut() {
    var signedOut = false;
    try { signedOut = Boolean(localStorage.getItem(SIGNED_OUT_NAME)); } catch (e) { signedOut = false; }
    if (!signedOut) { return; }
    wipe().then(function () { localStorage.removeItem(SIGNED_OUT_NAME); });
  }

  function start() {
    if (!window.indexedDB || !window.crypto || !crypto.subtle) { return; }
    guardLogout();
    var user = data.userId;
    if (!user) { finishSignOut(); return; }
    if (!data.offlineStateUrl) { return; } // a role that never queues
    Promise.all([getMeta("userId"), stale()]).then(function (found) {
      var owner = found[0];
      if ((owner && owner !== user) || found[1]) { return wipe(); }
    }).catch(function () {}).then(function () {
      prepareDevice();
      showCount();
      var intake = document.querySelector("form[data-offline-intake]");
      if (intake) { watchIntake(intake); }
      var kept = document.querySelector("[data-offline-case]");
      if (kept) { keepCase(kept); }
      if (page) { preparePage(); }
      window.addEventListener("online", function () { if (page) { sync(); } });
    });
  }

  window.legalaidOffline = { items: items, waiting: waiting, wipe: wipe, sync: sync };
  start();
}());
