// Bake Tracker's own script: small behaviours on top of htmx. No inline scripts (CSP).
(function () {
  "use strict";

  // A picked product offers its last price, unless the baker typed a price of their own
  // (a price differs from what we offered last: typed, or kept by a refused form).
  document.body.addEventListener("productPicked", function (event) {
    var price = document.getElementById("price");
    var detail = event.detail || {};
    if (!price) {
      return;
    }
    var offered = price.dataset.offered || "";
    // The product is settled: an earlier "which one?" message no longer applies.
    var product = document.getElementById("product");
    var stale = document.getElementById("product-error");
    if (stale) {
      stale.remove();
    }
    if (product) {
      product.removeAttribute("aria-invalid");
    }
    if (price.value === "" || price.value === offered) {
      price.value = detail.lastPrice || "";
      price.dataset.offered = price.value;
    }
  });

  // The ingredient's allergen editor: ticking a box answers "contains"; choosing "not
  // checked yet" or "contains none" clears the boxes (the server refuses a mix anyway).
  document.body.addEventListener("change", function (event) {
    var input = event.target;
    var editor = input && input.closest && input.closest(".allergen-editor");
    if (!editor) {
      return;
    }
    if (input.type === "checkbox" && input.checked) {
      var contains = editor.querySelector("input[name=allergen_status][value=contains]");
      if (contains) {
        contains.checked = true;
      }
    } else if (input.type === "radio" && input.name === "allergen_status" && input.value !== "contains") {
      editor.querySelectorAll(".allergen-picker input[type=checkbox]").forEach(function (box) {
        box.checked = false;
      });
    }
  });

  // Charts: <canvas data-chart-source="ID"> with {labels, values} in <script id=ID type=application/json>.
  function drawCharts(root) {
    if (typeof window.Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
      if (canvas.dataset.drawn) {
        return;
      }
      var source = document.getElementById(canvas.dataset.chartSource);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      // One bar is about 2.2rem tall, whatever the number of items.
      canvas.parentNode.style.height = (data.labels.length * 36 + 48) + "px";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: "Value ($)", data: data.values.map(Number), backgroundColor: "#b5651d" }]
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.body.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });

  // A one-time message belongs to the page it was shown on: moving to another tab or page
  // in place (an htmx request that pushes a new address) clears it.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.getAttribute && source.getAttribute("hx-push-url") === "true") {
      document.querySelectorAll("#messages .notice.success").forEach(function (notice) {
        notice.remove();
      });
    }
  });

  // Never twice: an htmx write sends its form's idempotency key (rendered once with the
  // form) as the Idempotency-Key header too, so a repeated tap is recorded once.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail || {};
    if (!detail.verb || detail.verb === "get") {
      return;
    }
    var source = detail.elt;
    var form = source && (source.tagName === "FORM" ? source : source.closest && source.closest("form"));
    var field = form && form.querySelector("input[name=idempotency_key]");
    if (field && field.value) {
      detail.headers["Idempotency-Key"] = field.value;
    }
  });

  // Once the server has answered (recorded or refused), a new submit of a form still on
  // the page is a new record: it gets a new key. Without an answer the key stays, so a retry
  // after a lost connection is recognised as the same record.
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  window.bakeTracker = window.bakeTracker || {};
  window.bakeTracker.newKey = newKey;
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var source = detail.elt;
    if (!detail.xhr || !detail.xhr.status || !source || !source.isConnected) {
      return;
    }
    var form = source.tagName === "FORM" ? source : source.closest && source.closest("form");
    var field = form && form.querySelector("input[name=idempotency_key]");
    if (field) {
      field.value = newKey();
    }
  });
})();
