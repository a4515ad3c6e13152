// Lets a phone install Unsent ("Add to home screen"): registers the service worker, which keeps
// only the app's own files and a page for when there is no connection, never a letter.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var url = script.getAttribute("data-service-worker");
  // After the page has loaded, so that it never slows the page down.
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // Without it Unsent works as before, only not offline: nothing to tell the writer.
    });
  });
})();
