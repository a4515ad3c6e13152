// The shredding moment: once the word is typed, the letter falls apart in strips (the
// animation is all CSS, in unsent.css) while the shred itself is asked for; then the page
// after it. Without this script the form simply posts, and the page after comes straight away.
(function () {
  "use strict";
  var form = document.getElementById("shred-form");
  var stage = document.getElementById("shred-stage");
  var sheet = document.getElementById("shred-sheet");
  if (!form || !stage || !window.fetch) return;
  var STRIPS = 8;
  var MOMENT_MS = 1600; // long enough to see it go, short enough not to make anyone wait
  var started = false;

  function strips() {
    var holder = document.createElement("div");
    holder.className = "shred-strips";
    holder.setAttribute("aria-hidden", "true");
    for (var i = 0; i < STRIPS; i++) {
      var strip = document.createElement("div");
      strip.className = "shred-strip";
      var copy = sheet.cloneNode(true);
      copy.removeAttribute("id");
      copy.removeAttribute("tabindex");
      copy.removeAttribute("aria-label");
      strip.appendChild(copy);
      holder.appendChild(strip);
    }
    stage.appendChild(holder);
    // Each strip shows the letter where the writer had scrolled it to.
    Array.prototype.forEach.call(holder.querySelectorAll(".shred-sheet"), function (copy) {
      copy.scrollTop = sheet.scrollTop;
    });
  }

  form.addEventListener("submit", function (event) {
    var word = form.querySelector("input[name=confirm]").value.trim().toLowerCase();
    // The page's word, or the English one, as the server takes them (forms/letters.py: ShredForm).
    // Anything else: the server says what to type, as without this script.
    if (word !== form.getAttribute("data-word") && word !== "shred") return;
    event.preventDefault();
    if (started) return;
    started = true;
    form.querySelector("button[type=submit]").disabled = true;
    if (sheet) strips();
    stage.classList.add("is-shredding");
    document.getElementById("shred-status").textContent = gettext("Shredding the letter…");
    var pause = new Promise(function (resolve) { setTimeout(resolve, MOMENT_MS); });
    var asked = fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
    });
    Promise.all([asked, pause]).then(function (results) {
      var response = results[0];
      if (response.type === "opaqueredirect") {
        window.location.replace(form.getAttribute("data-done-url"));
      } else {
        form.submit(); // the server's own page says what happened
      }
    }, function () {
      form.submit();
    });
  });
})();
