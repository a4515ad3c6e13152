// Apply the light/dark choice before the page paints. "auto" follows the system setting.
(function () {
  var root = document.documentElement;
  var choice = root.getAttribute("data-theme-choice") || "auto";
  var dark = choice === "dark" || (choice === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  root.setAttribute("data-bs-theme", dark ? "dark" : "light");
  // Scripts run: what folds away with them (the phone's menu) is folded from the first paint.
  root.classList.add("has-script");
})();
