// The urge page's pause: a visible minute of breathing before "write it here instead".
// Without scripts, everything simply shows at once.
(function () {
  "use strict";
  // Count this visit as an urge: only here, where the page is really being read (a browser
  // may fetch a page ahead of time, and that is no urge). Only the time is kept.
  var visit = document.getElementById("urge-visit");
  if (visit) {
    fetch(visit.action, { method: "POST", body: new FormData(visit), credentials: "same-origin" })
      .catch(function () { /* not counted: nothing the writer needs to know */ });
  }
  var pause = document.getElementById("pause");
  var after = document.getElementById("after-pause");
  if (!pause || !after) return;
  var left = document.getElementById("pause-left");
  var seconds = 60;
  var ticking = null;

  function finish() {
    clearInterval(ticking);
    pause.hidden = true;
    after.hidden = false;
    after.querySelector("h2").setAttribute("tabindex", "-1");
    after.querySelector("h2").focus();
  }

  function tick() {
    left.textContent = seconds + (seconds === 1 ? " second" : " seconds");
    if (seconds <= 0) finish();
    seconds -= 1;
  }

  pause.hidden = false;
  after.hidden = true;
  document.getElementById("skip-pause").addEventListener("click", finish);
  tick();
  ticking = setInterval(tick, 1000);
})();
