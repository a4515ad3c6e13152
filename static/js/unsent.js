// Small helpers for every page: the device's time zone, the theme switch and the recovery
// code's copy button.
(function () {
  "use strict";
  var root = document.documentElement;
  // Over HTTPS, the plain cookies below are sent over HTTPS only, as the app's own are.
  var secure = location.protocol === "https:" ? "; Secure" : "";

  // The device's time zone, so that "today" on the server is the writer's own day, not the
  // server's (letters/http/middleware.py, TimeZoneMiddleware). A plain cookie, like the theme's.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.split("; ").indexOf("zone=" + zone) < 0) {
      document.cookie = "zone=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
    }
  } catch (error) {
    // A browser that cannot tell: the server's time zone, as with scripts off.
  }
  var order = ["auto", "light", "dark"];
  var names = { auto: pgettext("theme", "as my device"), light: pgettext("theme", "light"), dark: pgettext("theme", "dark") };

  function applyTheme(choice) {
    var dark = choice === "dark" || (choice === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.setAttribute("data-theme-choice", choice);
    root.setAttribute("data-bs-theme", dark ? "dark" : "light");
    // A plain cookie: the server renders the right theme on the next page. It says nothing private.
    document.cookie = "theme=" + choice + "; path=/; max-age=31536000; SameSite=Lax" + secure;
  }

  var themeButton = document.getElementById("theme-switch");
  if (themeButton) {
    themeButton.hidden = false;
    themeButton.addEventListener("click", function () {
      var current = root.getAttribute("data-theme-choice") || "auto";
      var next = order[(order.indexOf(current) + 1) % order.length];
      applyTheme(next);
      document.getElementById("theme-name").textContent = names[next];
    });
  }
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    if ((root.getAttribute("data-theme-choice") || "auto") === "auto") applyTheme("auto");
  });

  // Quick exit: the button, or Escape twice within a second, leaves at once. replace() takes
  // this page's place in the history, so the back button does not come back to it. A page with
  // unsaved words (the editor) may take over, to carry them out with the exit.
  var exitLink = document.getElementById("quick-exit") || document.querySelector("[data-quick-exit]");
  if (exitLink) {
    var lastEscape = 0;
    function leave(event) {
      if (event) event.preventDefault();
      var asked = new CustomEvent("unsent:quick-exit", { cancelable: true });
      if (document.dispatchEvent(asked)) window.location.replace(exitLink.href);
    }
    document.querySelectorAll("#quick-exit, [data-quick-exit]").forEach(function (link) {
      link.addEventListener("click", leave);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var now = Date.now();
      if (now - lastEscape < 1000) leave(event);
      lastEscape = now;
    });
  }

  // A page that answers a POST (search's results, whose words stay out of the URL): Back and a
  // reload come back to its address by a GET, to the empty page, not to the browser's "Confirm
  // form resubmission".
  if (document.querySelector("[data-answers-post]")) history.replaceState(null, "", location.href);

  // On a phone the menu folds behind a button; without scripts it simply stays open.
  var menuButton = document.getElementById("menu-button");
  var nav = document.getElementById("main-nav");
  if (menuButton && nav) {
    nav.parentNode.classList.add("has-menu");
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var copyButton = document.getElementById("copy-code");
  if (copyButton && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var code = document.getElementById(copyButton.getAttribute("data-copy-target")).textContent.trim();
      navigator.clipboard.writeText(code).then(function () {
        document.getElementById("copy-status").textContent = gettext("Copied. Now paste it somewhere safe.");
      }, function () {
        document.getElementById("copy-status").textContent = gettext("Copying didn't work here; select the code and copy it by hand.");
      });
    });
  }
})();
