// The urge page's pause: a minute of breathing, started with a tap where the writer is.
// "Write it here instead" is always there, pause or not. Without scripts, the words of the
// pause simply show, with no timer.
(function () {
  "use strict";
  // Count this visit as an urge: only here, where the page is really being read (a browser
  // may fetch a page ahead of time, and that is no urge). Only the day is kept.
  var visit = document.getElementById("urge-visit");
  var thisWeek = document.getElementById("urges-this-week");
  if (visit) {
    fetch(visit.action, { method: "POST", body: new FormData(visit), credentials: "same-origin" })
      .then(function (response) {
        // 201: this visit is a new urge, so this week's count, drawn before it, grows by one.
        if (response.status !== 201 || !thisWeek) return;
        var before = thisWeek.getAttribute("data-count");
        var after = String(parseInt(before, 10) + 1);
        thisWeek.textContent = thisWeek.textContent.replace(before, after);
        thisWeek.setAttribute("data-count", after);
      })
      .catch(function () { /* not counted: nothing the writer needs to know */ });
  }
  var pause = document.getElementById("pause");
  var start = document.getElementById("start-pause");
  var skip = document.getElementById("skip-pause");
  if (!pause || !start || !skip) return;
  var left = document.getElementById("pause-left");
  var seconds = 0;
  var ticking = null;

  function stop(words) {
    clearInterval(ticking);
    pause.classList.remove("is-running");
    left.textContent = words;
    skip.hidden = true;
    start.textContent = gettext("Another minute");
    start.hidden = false;
    start.focus(); // the focus stays where the writer is
  }

  function tick() {
    if (seconds <= 0) {
      stop(gettext("That was a minute. Take another if you like."));
      return;
    }
    left.textContent = interpolate(ngettext("%(n)s second", "%(n)s seconds", seconds), { n: seconds }, true);
    seconds -= 1;
  }

  start.hidden = false;
  start.addEventListener("click", function () {
    seconds = 60;
    pause.classList.add("is-running");
    start.hidden = true;
    skip.hidden = false;
    skip.focus();
    tick();
    ticking = setInterval(tick, 1000);
  });
  skip.addEventListener("click", function () { stop(""); });
})();
