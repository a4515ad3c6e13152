// The editor's aids, none of which touches the words or their saving (editor.js does that):
// the note on a number or an address, the spell-check switch, the free-writing timer and
// focus mode.
(function () {
  "use strict";
  var body = document.getElementById("id_body");
  if (!body || !document.getElementById("letter-form")) return;

  // A phone number, an e-mail address or a social handle may mean the letter is turning into a
  // message to send: say so quietly. Nothing is blocked and nothing leaves the page.
  var contactNote = document.getElementById("contact-note");
  var EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
  var HANDLE = /(^|\s)@[a-z0-9_.]{2,}/i;
  var NUMBER = /\+?\d[\d ()./-]{5,}\d/g;
  // Letters are full of dates (12.03.2024, 2024-03-12), years and spans of them (2019 - 2023)
  // and times (10.30 - 11.45), none of them anyone's number. A run of digits made only of
  // those is left alone; 01.23.45.67.89 is not made of them, and is a number.
  var DAY_OR_YEAR = "\\d{1,2}[./-]\\d{1,2}[./-](\\d{4}|\\d{2})|\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}" +
    "|(19|20)\\d\\d|\\d{1,2}[.:]\\d\\d";
  var BETWEEN = "\\s*[-\u2013\u2014]\\s*|\\s+";
  var ONLY_DAYS_AND_YEARS = new RegExp(
    "^(" + DAY_OR_YEAR + ")((" + BETWEEN + ")(" + DAY_OR_YEAR + "))*$"
  );
  function isPhoneNumber(run) {
    return run.replace(/\D/g, "").length >= 7 && !ONLY_DAYS_AND_YEARS.test(run);
  }
  function hasContactDetail(text) {
    return EMAIL.test(text) || HANDLE.test(text) || (text.match(NUMBER) || []).some(isPhoneNumber);
  }
  function checkContact() {
    contactNote.hidden = !hasContactDetail(body.value);
  }
  body.addEventListener("input", checkContact);
  checkContact();

  document.querySelectorAll(".editor-bar .spelling, .editor-bar .timer").forEach(function (aid) {
    aid.hidden = false;
  });

  document.getElementById("spellcheck-toggle").addEventListener("change", function (event) {
    body.spellcheck = event.target.checked;
  });

  // The free-writing timer only shows time; it never stops the writer.
  var timerSelect = document.getElementById("timer-minutes");
  var timerDisplay = document.getElementById("timer-display");
  var ticking = null;
  timerSelect.addEventListener("change", function () {
    clearInterval(ticking);
    timerDisplay.textContent = "";
    var minutes = parseInt(timerSelect.value, 10);
    if (!minutes) return;
    var end = Date.now() + minutes * 60000;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      if (left === 0) {
        clearInterval(ticking);
        timerDisplay.textContent = gettext("Time's up. Keep going if you like.");
        return;
      }
      var m = Math.floor(left / 60);
      var s = left % 60;
      // Translators: the free-writing timer's time left, such as "9:59 left".
      timerDisplay.textContent = interpolate(gettext("%(time)s left"), { time: m + ":" + (s < 10 ? "0" : "") + s }, true);
    }
    tick();
    ticking = setInterval(tick, 1000);
  });

  // Focus mode: only the page and a slim status line, which stays above the on-screen keyboard.
  // The visual viewport is the part of the page the keyboard leaves in view.
  var focusButton = document.getElementById("focus-toggle");
  var root = document.documentElement;
  function fitToViewport() {
    var view = window.visualViewport;
    var height = view ? view.height : window.innerHeight;
    root.style.setProperty("--visible-height", height + "px");
    root.style.setProperty("--viewport-top", (view ? view.offsetTop : 0) + "px");
  }
  function setFocusMode(on) {
    document.body.classList.toggle("focus-mode", on);
    focusButton.textContent = on ? gettext("Leave focus") : gettext("Focus");
    fitToViewport();
    body.focus();
  }
  focusButton.hidden = false;
  focusButton.addEventListener("click", function () {
    setFocusMode(!document.body.classList.contains("focus-mode"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.shiftKey && (event.key === "F" || event.key === "f")) {
      event.preventDefault();
      setFocusMode(!document.body.classList.contains("focus-mode"));
    }
  });
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", fitToViewport);
    window.visualViewport.addEventListener("scroll", fitToViewport);
  }
  window.addEventListener("resize", fitToViewport);
})();
