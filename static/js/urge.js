// The urge page's pause: a visible minute of breathing before "write it here instead".
// Without scripts, everything simply shows at once.
(function () {
  "use strict";
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
