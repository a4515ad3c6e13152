// The recovery code page: keep the code as a text file or on paper.
//
// The file is made here, in the browser, as a blob: link: the code never goes back to the
// server in a URL, and is never put in localStorage or sessionStorage.
(function () {
  "use strict";
  var download = document.getElementById("download-code");
  var codeEl = document.getElementById("recovery-code");
  if (download && codeEl && window.Blob && window.URL && URL.createObjectURL) {
    var text = gettext("Your Unsent recovery code") + "\n\n" + codeEl.textContent.trim() + "\n\n" +
      gettext("If you forget your password, this code opens your letters again.") + "\n" +
      gettext("Keep it somewhere safe, where only you can find it.") + "\n";
    download.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    download.hidden = false;
  }
  var print = document.getElementById("print-code");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
