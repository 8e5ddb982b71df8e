/* "Lees voor": reads a part of the page aloud with the browser's own speech synthesis.
   Only voices that run on this device are used (a network voice would send the text to
   someone else); without such a voice for the text's language the button stays hidden.
   Reads block by block in page order, highlighting and scrolling to the block being read.
   Sends nothing anywhere; runs under the site's CSP (script-src 'self'). */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) { return; }
  var synth = window.speechSynthesis;
  var BLOCKS = "h1, h2, h3, h4, p, li, figcaption, dt, dd";

  function languageOf(element) {
    var owner = element.closest("[lang]");
    return ((owner && owner.getAttribute("lang")) || document.documentElement.lang || "nl")
      .toLowerCase().split("-")[0];
  }

  function localVoice(language) {
    var voices = synth.getVoices().filter(function (voice) {
      return voice.localService && voice.lang.toLowerCase().split(/[-_]/)[0] === language;
    });
    return voices.filter(function (voice) { return voice.default; })[0] || voices[0] || null;
  }

  function blocksOf(target) {
    return Array.prototype.filter.call(target.querySelectorAll(BLOCKS), function (block) {
      return !block.closest(".read-aloud") && !block.querySelector(BLOCKS) &&
        block.getClientRects().length > 0 && block.textContent.trim() !== "";
    });
  }

  function setUp(button) {
    if (button.hasAttribute("data-ready")) { return; }
    button.setAttribute("data-ready", "");
    var target = document.getElementById(button.getAttribute("data-read-aloud"));
    if (!target) { return; }
    var voice = localVoice(languageOf(target));
    if (!voice) { return; }
    var reading = null;

    function stop() {
      if (reading) { reading.classList.remove("is-reading"); }
      reading = null;
      button.setAttribute("aria-pressed", "false");
      button.textContent = button.getAttribute("data-label-start");
    }

    function read(blocks, index) {
      if (index >= blocks.length || button.getAttribute("aria-pressed") !== "true") {
        stop();
        return;
      }
      var block = blocks[index];
      var utterance = new window.SpeechSynthesisUtterance(
        block.textContent.replace(/\s+/g, " ").trim());
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.onstart = function () {
        if (reading) { reading.classList.remove("is-reading"); }
        reading = block;
        block.classList.add("is-reading");
        block.scrollIntoView({ block: "nearest" });
      };
      utterance.onend = function () { read(blocks, index + 1); };
      utterance.onerror = stop;
      synth.speak(utterance);
    }

    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        stop();
        return;
      }
      synth.cancel();
      button.setAttribute("aria-pressed", "true");
      button.textContent = button.getAttribute("data-label-stop");
      read(blocksOf(target), 0);
    });
    button.parentNode.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-read-aloud]"), setUp);
  }

  window.addEventListener("pagehide", function () { synth.cancel(); });
  if (synth.getVoices().length) {
    start();
  } else if ("onvoiceschanged" in synth) {
    // Voices load after the page in some browsers; set up once they are known.
    synth.addEventListener("voiceschanged", function once() {
      synth.removeEventListener("voiceschanged", once);
      start();
    });
  }
}());
