// The export answers with a file, not a page, so the page would not change at all: say that the
// letters are on their way, and clear the password from its box once the form has gone.
(function () {
  "use strict";
  var status = document.getElementById("export-status");
  var form = document.querySelector("form.export-form");
  if (!status || !form) {
    return;
  }
  form.addEventListener("submit", function () {
    status.textContent = status.getAttribute("data-starting");
    // Once: a second press would send the emptied box.
    form.querySelector('button[type="submit"]').disabled = true;
    var password = form.querySelector('input[type="password"]');
    // After this event the browser has already taken the form's values to send.
    window.setTimeout(function () {
      if (password) {
        password.value = "";
      }
    }, 0);
  });
})();
