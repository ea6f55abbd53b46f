// Writes that survive a lost connection. A form marked data-offline="What it records"
// (production, assembly, a fulfillment step, a purchase) sent without a connection goes to
// a queue in IndexedDB with an idempotency key of its own; the queue is sent oldest first
// when the connection returns, each record with its key, so nothing is recorded twice. A
// record the server refuses stays in the queue with the server's message until the baker
// edits it (it then gets a new key) or discards it. Nothing is dropped silently.
(function () {
  "use strict";

  var bt = window.bakeTracker = window.bakeTracker || {};
  var DB_NAME = "bt-offline";
  var STORE = "queue";
  var sending = false;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return withStore("readonly", function (store) { return store.getAll(); })
      .then(function (rows) { return (rows || []).sort(function (a, b) { return a.id - b.id; }); });
  }
  function put(record) { return withStore("readwrite", function (store) { return store.put(record); }); }
  function remove(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  function key() {
    return bt.newKey ? bt.newKey() : String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  // Queue what the form holds now (never its CSRF token: a fresh one is fetched to send).
  function enqueue(form, sentKey) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "idempotency_key" && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    var record = {
      label: form.dataset.offline, action: form.getAttribute("action"), fields: fields,
      key: sentKey || key(), queuedAt: new Date().toISOString(), state: "waiting", message: "",
    };
    return put(record).then(render);
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function summary(record) {
    return record.fields.filter(function (f) { return f[1] !== ""; })
      .map(function (f) { return f[0].replace(/_/g, " ") + ": " + f[1]; }).join(", ");
  }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "small outline";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function editor(record, item) {
    var form = document.createElement("form");
    form.className = "queue-edit";
    record.fields.forEach(function (field, index) {
      var label = document.createElement("label");
      label.textContent = field[0].replace(/_/g, " ");
      var input = document.createElement("input");
      input.name = field[0];
      input.value = field[1];
      input.dataset.index = String(index);
      label.appendChild(input);
      form.appendChild(label);
    });
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "small";
    save.textContent = "Save and send";
    form.appendChild(save);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      form.querySelectorAll("input").forEach(function (input) {
        record.fields[Number(input.dataset.index)][1] = input.value;
      });
      // An edited record is a new request: a new key (the old one answered already).
      record.key = key();
      record.state = "waiting";
      record.message = "";
      put(record).then(render).then(flush);
    });
    item.appendChild(form);
  }

  function render() {
    var area = document.getElementById("offline-status");
    if (!area) {
      return Promise.resolve();
    }
    return all().then(function (records) {
      var panel = document.getElementById("offline-queue");
      if (!records.length) {
        if (panel) { panel.remove(); }
        return;
      }
      if (!panel) {
        panel = document.createElement("section");
        panel.id = "offline-queue";
        panel.className = "notice warn";
        area.appendChild(panel);
      }
      panel.textContent = "";
      var waiting = records.filter(function (r) { return r.state === "waiting"; }).length;
      var refused = records.length - waiting;
      var head = document.createElement("p");
      head.className = "queue-count";
      head.textContent = [waiting ? plural(waiting, "record") + " waiting to be sent" : "",
        refused ? plural(refused, "record") + " refused: edit or discard" : ""]
        .filter(Boolean).join("; ") + ".";
      panel.appendChild(head);
      var list = document.createElement("ul");
      records.forEach(function (record) {
        var item = document.createElement("li");
        item.className = "queued " + record.state;
        var what = document.createElement("span");
        what.textContent = record.label + " (" + summary(record) + ")";
        item.appendChild(what);
        if (record.state === "refused") {
          var why = document.createElement("p");
          why.className = "field-error queue-message";
          why.setAttribute("role", "alert");
          why.textContent = record.message;
          item.appendChild(why);
          item.appendChild(button("Edit", "Edit " + record.label, function () { editor(record, item); }));
          item.appendChild(button("Discard", "Discard " + record.label, function () {
            remove(record.id).then(render);
          }));
        }
        list.appendChild(item);
      });
      panel.appendChild(list);
    });
  }

  function refusalText(html, status) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var parts = [];
    doc.querySelectorAll(".notice.error, [role=alert], .field-error").forEach(function (node) {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (text && parts.indexOf(text) === -1) { parts.push(text); }
    });
    return parts.join(" ") || "The server refused this record (HTTP " + status + ").";
  }

  function freshToken() {
    return fetch("/offline/pages", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("no token"); }
        return response.json();
      })
      .then(function (data) { return data.csrf_token; });
  }

  function send(record, token) {
    var body = new URLSearchParams();
    record.fields.forEach(function (f) { body.append(f[0], f[1]); });
    body.append("csrf_token", token);
    body.append("idempotency_key", record.key);
    return fetch(record.action, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "Idempotency-Key": record.key, "HX-Request": "true", "X-CSRF-Token": token },
    }).then(function (response) {
      if (response.ok || response.type === "opaqueredirect") {
        return remove(record.id).then(function () { return true; });
      }
      return response.text().then(function (html) {
        record.state = "refused";
        record.message = refusalText(html, response.status);
        return put(record).then(function () { return false; });
      });
    });
  }

  // Send every waiting record, oldest first; stop (and keep them) when the network fails.
  function flush() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    var sent = 0;
    return all().then(function (records) {
      var waiting = records.filter(function (r) { return r.state === "waiting"; });
      if (!waiting.length) { return null; }
      return freshToken().then(function (token) {
        return waiting.reduce(function (chain, record) {
          return chain.then(function () {
            return send(record, token).then(function (ok) { sent += ok ? 1 : 0; });
          });
        }, Promise.resolve());
      });
    }).catch(function () { /* still offline: try again when the connection returns */ })
      .then(function () {
        sending = false;
        if (sent) { document.documentElement.dataset.queueSent = String(sent); }
        return render();
      });
  }

  bt.flushQueue = flush;

  // Offline: a marked form goes to the queue instead of the network (capture phase, so
  // neither htmx nor the browser sends it).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.dataset || !form.dataset.offline || navigator.onLine) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    enqueue(form).then(function () { form.reset(); });
  }, true);

  // Online but the request never got an answer: queue it too (it will be sent again).
  document.addEventListener("htmx:sendError", function (event) {
    var config = (event.detail && event.detail.requestConfig) || {};
    if ((config.verb || "get").toLowerCase() === "get") {
      return;  // a lookup (a picker, a tab), not the record itself
    }
    var source = event.detail && event.detail.elt;
    var form = source && (source.tagName === "FORM" ? source : source.closest && source.closest("form"));
    if (form && form.dataset.offline) {
      // It may have reached the server: it goes again under the key it was sent with.
      var field = form.querySelector("input[name=idempotency_key]");
      enqueue(form, field && field.value);
    }
  });

  window.addEventListener("online", flush);
  function start() { render().then(flush); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
