// The purchase page's camera scan: a barcode the camera reads fills the quick line.
// The barcode-detector package's ponyfill (ZXing) and its .wasm are served from
// /static/vendor and loaded only when the baker first presses Scan.
(function () {
  "use strict";
  var PONYFILL = "/static/vendor/barcode-detector/ponyfill.js";
  var WASM = "/static/vendor/barcode-detector/zxing_reader.wasm";
  var FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128"];
  var running = null;

  // A browser's own detector is used when it reads shop barcodes; Chromium on a desktop
  // defines one that has no service behind it, so its formats are asked first.
  async function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return null;
    }
    try {
      var formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.indexOf("ean_13") >= 0 ? window.BarcodeDetector : null;
    } catch (err) {
      return null;
    }
  }

  async function loadDetector() {
    var native = await nativeDetector();
    if (native) {
      return native;
    }
    if (window.BarcodeDetectionAPI) {
      return window.BarcodeDetectionAPI.BarcodeDetector;
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = PONYFILL;
      script.onload = function () {
        // Never fetch the reader from a CDN: the app works offline.
        window.BarcodeDetectionAPI.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) {
              return path.endsWith(".wasm") ? WASM : prefix + path;
            },
          },
        });
        resolve(window.BarcodeDetectionAPI.BarcodeDetector);
      };
      script.onerror = function () {
        reject(new Error("the scanner could not be loaded"));
      };
      document.head.appendChild(script);
    });
  }

  function say(text) {
    var status = document.getElementById("quick-help");
    if (status) {
      status.textContent = text;
    }
  }

  function stop() {
    if (running) {
      running.getTracks().forEach(function (track) { track.stop(); });
      running = null;
    }
    var video = document.getElementById("scan-video");
    if (video) {
      video.hidden = true;
      video.srcObject = null;
    }
  }

  async function scan() {
    if (running) {
      stop();
      say("Scan stopped: type the barcode number, or press Scan again.");
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser cannot use the camera here: type the barcode number instead.");
      return;
    }
    var detector;
    try {
      var Detector = await loadDetector();
      detector = new Detector({ formats: FORMATS });
      running = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" }, audio: false,
      });
    } catch (err) {
      stop();
      say("No camera scan (" + err.message + "): type the barcode number instead.");
      return;
    }
    var video = document.getElementById("scan-video");
    video.srcObject = running;
    video.hidden = false;
    await video.play();
    say("Point the camera at the barcode…");
    var look = async function () {
      if (!running) {
        return;
      }
      var codes = [];
      try {
        codes = await detector.detect(video);
      } catch (err) {
        codes = [];
      }
      if (codes.length) {
        stop();
        var input = document.getElementById("quick-line");
        input.value = codes[0].rawValue + " ";
        input.focus();
        say("Read " + codes[0].rawValue + ": add packages and the price each, then Enter.");
        return;
      }
      setTimeout(look, 250);
    };
    look();
  }

  // Delegated: the panel is replaced after every purchase.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#scan-button")) {
      event.preventDefault();
      scan();
    }
  });
  document.addEventListener("htmx:beforeSwap", stop);
})();
