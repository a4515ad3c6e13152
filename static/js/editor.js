// The editor: autosave, word count and the quick exit that keeps the words (its aids, such as
// the timer and focus mode, are in writing-aids.js).
//
// A new letter is only this page until its first save, which makes it (so an untouched editor
// leaves nothing behind); from then on the page saves to the letter it made.
//
// The letter's text lives only in this page and on the server: never in localStorage,
// sessionStorage or a URL. A save carries the version it was based on; if another tab saved in
// between, the server answers 409 and nothing is overwritten.
//
// Its words come from the page's catalog (gettext, ngettext, interpolate: base.html loads it
// first); the messages the server sends back are in the page's language already.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form) return;

  var body = document.getElementById("id_body");
  var title = document.getElementById("id_title");
  var recipient = document.getElementById("id_recipient");
  var versionInput = form.querySelector("input[name=version]");
  var statusEl = document.getElementById("save-status");
  var wordsEl = document.getElementById("word-count");
  var lengthNote = document.getElementById("length-note");
  var conflict = document.getElementById("conflict");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var url = form.getAttribute("data-autosave-url");
  var tokenUrl = form.getAttribute("data-token-url");
  var wayBackIn = document.getElementById("way-back-in");
  var startInput = form.querySelector("input[name=start]"); // only while the letter is not made
  var maxChars = parseInt(form.getAttribute("data-max-chars"), 10);
  var lang = document.documentElement.lang || undefined;
  // Words as each script has them. Chinese, Japanese and Thai (and Lao, Khmer, Burmese) put no
  // spaces between words: a run of those is split into words by the browser's segmenter, in the
  // page's language. Any other run between spaces is one word, as the server counts it
  // (letters/models/letter.py: count_words), so the two agree for languages written with spaces.
  // Only those runs go through the segmenter: segmenting a whole long letter on each keystroke
  // is slow, and older browsers take memory for it in proportion to the square of its length.
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: "word" }) : null;
  // Built only where there is a segmenter: every browser with one reads \p{...}.
  var UNSPACED = segmenter && new RegExp(
    "[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}]", "u"
  );

  var DEBOUNCE_MS = 1200;
  var KEEPALIVE_LIMIT = 60000; // browsers cap keepalive requests at 64 KiB
  var dirty = false;
  var inFlight = null;
  var timer = null;
  var retryDelay = 2000;
  var stopped = false; // after a conflict, until the writer chooses
  var refused = null; // the text the server last refused: sent again only when asked to
  var exiting = false; // the quick exit is taking the words with it: no leave-page warning
  var tokenRenewed = false; // asked for a new form token since the last save went through
  var RETRYING = gettext("Not saved — retrying");

  function setStatus(text, failing) {
    statusEl.textContent = text;
    statusEl.classList.toggle("is-failing", !!failing);
  }

  function wordsIn(text) {
    var runs = text.trim().split(/\s+/).filter(Boolean);
    if (!segmenter) return runs.length;
    return runs.reduce(function (count, run) {
      if (!UNSPACED.test(run)) return count + 1;
      for (var part of segmenter.segment(run)) if (part.isWordLike) count += 1;
      return count;
    }, 0);
  }

  function countWords() {
    var words = wordsIn(body.value);
    wordsEl.textContent = interpolate(ngettext("%(counter)s word", "%(counter)s words", words), { counter: words }, true);
  }

  // The server counts characters (code points), not the UTF-16 units of .length: an emoji is
  // one character there and two here. No text is longer in code points than in units.
  function tooLong(text) {
    return text.length > maxChars && Array.from(text).length > maxChars;
  }

  // Half of an emoji (a lone surrogate, from a broken paste) can't be stored: send U+FFFD, the
  // replacement character, in its place, so that every other word still saves.
  function wellFormed(text) {
    if (typeof text.toWellFormed === "function") return text.toWellFormed();
    return text.replace(/[\uD800-\uDFFF]/gu, "\uFFFD"); // with u, a whole pair is one character
  }

  function checkLength() {
    var over = tooLong(body.value);
    lengthNote.hidden = !over;
    if (over) {
      var message = gettext("This letter is longer than %(limit)s characters, the most one letter can hold. Your words are all still here, but they can't be saved like this: move the last part into a new letter.");
      lengthNote.textContent = interpolate(message, { limit: maxChars.toLocaleString(lang) }, true);
    }
    return !over;
  }

  function payload() {
    var data = {
      body: wellFormed(body.value),
      title: wellFormed(title.value),
      recipient: wellFormed(recipient.value),
      version: parseInt(versionInput.value, 10),
    };
    if (startInput) data.start = startInput.value;
    return JSON.stringify(data);
  }

  // The first save made the letter: save to it from now on, and let a reload find it.
  function made() {
    if (!startInput) return;
    url = form.getAttribute("data-made-autosave-url");
    form.action = form.getAttribute("data-made-save-url");
    startInput.remove();
    startInput = null;
    var leaveStart = document.querySelector("#leave-form input[name=start]");
    if (leaveStart) leaveStart.remove();
    var done = document.getElementById("done-for-now");
    done.href = done.getAttribute("data-made-href");
    form.querySelectorAll("[data-until-made]").forEach(function (el) { el.hidden = false; });
    history.replaceState(null, "", form.getAttribute("data-made-url"));
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function save(options) {
    if (stopped || !dirty) return Promise.resolve();
    if (inFlight) return inFlight.then(function () { return save(options); });
    if (!checkLength()) {
      setStatus(gettext("Not saved: too long"), true);
      return Promise.resolve();
    }
    if (navigator.onLine === false) {
      setStatus(OFFLINE, true); // the words stay dirty: the "online" event saves them
      return Promise.resolve();
    }
    var sent = payload();
    // The server said why it refused this very text; sending it again would change nothing.
    if (sent === refused && !(options && options.again)) return Promise.resolve();
    dirty = false;
    setStatus(gettext("Saving…"));
    inFlight = fetch(url, {
      method: "POST",
      body: sent,
      credentials: "same-origin",
      // The cap is in bytes, and a letter's characters may take several bytes each.
      keepalive: !!(options && options.leaving) && new Blob([sent]).size < KEEPALIVE_LIMIT,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        handle(response.status, data, sent);
      });
    }, function () {
      failed(RETRYING);
    }).then(function () { inFlight = null; });
    return inFlight;
  }

  function handle(status, data, sent) {
    if (status === 200 && typeof data.version !== "number") {
      // Not our answer (a page the request was sent on to): nothing was saved.
      failed(RETRYING);
    } else if (status === 200) {
      versionInput.value = data.version;
      made();
      retryDelay = 2000;
      refused = null;
      tokenRenewed = false;
      wayBackIn.hidden = true;
      var at = new Date(data.saved_iso);
      var local = isNaN(at) ? data.saved_at : at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      setStatus(interpolate(pgettext("the letter, in the status line", "Saved %(time)s"), { time: local }, true));
      if (dirty) schedule(DEBOUNCE_MS);
    } else if (status === 409 && data.saved) {
      dirty = true;
      stopped = true;
      showConflict(data);
    } else if (status === 401 && data.unlock_url) {
      dirty = true;
      setStatus(gettext("Not saved — your letters locked themselves. Unlock them in another tab; we'll keep trying."), true);
      showWayBackIn(data.unlock_url, gettext("Unlock (opens a new tab)"));
      tryAgainLater();
    } else if (status === 401) {
      // Logged out (the idle timeout): the words wait here while the writer logs in again
      // elsewhere, and the next try after that saves them.
      dirty = true;
      setStatus(gettext("Not saved — you were logged out. Your words are still here: log in again in another tab and they will be saved."), true);
      showWayBackIn(data.login_url, gettext("Log in again (opens a new tab)"));
      tryAgainLater();
    } else if (status === 403 && !tokenRenewed) {
      // Logging in again gave the browser a new form token, and this page still holds the old
      // one: ask for the new one, then try again.
      dirty = true;
      tokenRenewed = true;
      renewToken().then(function () { schedule(0); });
    } else if (status === 403) {
      dirty = true;
      setStatus(gettext("Not saved — this page is out of date. Copy your words, reload the page, and paste them back."), true);
    } else if (status === 404) {
      dirty = true;
      setStatus(gettext("Not saved — this letter is no longer here. Copy your words into a new letter."), true);
    } else if (status >= 400 && status < 500 && data.keep_as_new) {
      // Sealed in another tab, or the letter can't be opened: no save will ever go into it.
      dirty = true;
      stopped = true;
      showCannotSave(data.error);
    } else if (status >= 400 && status < 500) {
      // The server said why (too long, a character it can't keep): say it, and send this text
      // again only once it changes or the writer presses Save.
      dirty = true;
      refused = sent;
      setStatus(data.error || gettext("Not saved: something in the letter can't be kept."), true);
    } else {
      failed(RETRYING);
    }
  }

  function showWayBackIn(href, text) {
    var shown = !wayBackIn.hidden;
    wayBackIn.href = href;
    wayBackIn.textContent = text;
    wayBackIn.hidden = false;
    // The status line sits under the letter, often below the fold: this one needs the writer,
    // so it comes into view, once, by the least scroll that shows it.
    if (!shown) wayBackIn.scrollIntoView({ block: "nearest" });
  }

  function renewToken() {
    return fetch(tokenUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (typeof data.token !== "string") return;
        csrf = data.token;
        // The page's forms (Keep as a new letter, the quick exit's) post with it too.
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
          input.value = data.token;
        });
      })
      .catch(function () {}); // the save after it says what went wrong
  }

  function failed(text) {
    dirty = true;
    setStatus(navigator.onLine === false ? OFFLINE : text, true);
    tryAgainLater();
  }

  // Each try waits twice as long as the one before, up to a minute: a page left open all night
  // asks the server less and less.
  function tryAgainLater() {
    schedule(retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function showConflict(data) {
    setStatus(gettext("Not saved: this letter changed in another tab"), true);
    document.getElementById("conflict-saved").value = data.saved.body;
    conflict.hidden = false;
    conflict.dataset.version = data.version;
    conflict.dataset.body = data.saved.body;
    conflict.dataset.title = data.saved.title;
    conflict.dataset.recipient = data.saved.recipient;
  }

  function showCannotSave(why) {
    setStatus(gettext("Not saved: your words are still here, see below"), true);
    document.getElementById("cannot-save-why").textContent = why;
    document.getElementById("cannot-save").hidden = false;
  }

  // "Keep as a new letter" posts the words in the editor now, whatever the reason it is offered.
  document.querySelectorAll("form[data-keeps-words]").forEach(function (keep) {
    keep.addEventListener("submit", function () {
      keep.querySelector("input[name=body]").value = wellFormed(body.value);
      keep.querySelector("input[name=title]").value = wellFormed(title.value);
      keep.querySelector("input[name=recipient]").value = wellFormed(recipient.value);
      dirty = false; // the form post carries the text now
    });
  });

  document.getElementById("take-saved").addEventListener("click", function () {
    body.value = conflict.dataset.body;
    title.value = conflict.dataset.title;
    recipient.value = conflict.dataset.recipient;
    versionInput.value = conflict.dataset.version;
    conflict.hidden = true;
    stopped = false;
    dirty = false;
    countWords();
    setStatus(gettext("Showing the saved version"));
  });

  function edited() {
    dirty = true;
    countWords();
    checkLength();
    schedule(DEBOUNCE_MS);
  }
  [body, title, recipient].forEach(function (field) { field.addEventListener("input", edited); });

  // With scripts on, "Save" saves at once without leaving the page.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    dirty = true;
    save({ again: true });
  });

  // Save before following Seal, Archive, Send or Shred, so they act on every word. The click
  // asks for it, as Save does: refused words are sent again, and the page says why once more.
  form.querySelectorAll("a[data-flush]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty && !inFlight) return;
      event.preventDefault();
      save({ again: true }).then(function () { goOrStay(link); });
    });
  });

  // Follow a link once the words are saved. Words that could not be (logged out, locked,
  // offline, refused) keep the writer here, where the status line says why and what to do,
  // rather than behind the browser's "Leave site?", which says neither (and which phones may
  // not even ask). Help is never held back: it goes, and the browser asks about the words.
  function goOrStay(link) {
    if (!dirty || link.hasAttribute("data-help")) {
      window.location.href = link.href;
      return;
    }
    (wayBackIn.hidden ? statusEl : wayBackIn).scrollIntoView({ block: "nearest" });
  }

  // Any other link of this site (the menu, "I want to text my ex", Help): save first, then go,
  // so that no "Leave site?" question stands between the writer and the page they asked for.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // a new tab
    if (link.origin !== window.location.origin || (link.target && link.target !== "_self")) return;
    if (link.hasAttribute("download") || link.getAttribute("href").charAt(0) === "#") return;
    if (!dirty && !inFlight) return;
    event.preventDefault();
    (dirty ? save({ again: true }) : inFlight).then(function () { goOrStay(link); });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save({ leaving: true });
    } else if (dirty && !stopped) {
      // Back from another tab (where the writer may have logged in or unlocked): try now,
      // rather than at the end of a long wait.
      retryDelay = 2000;
      save();
    }
  });
  window.addEventListener("pagehide", function () { save({ leaving: true }); });
  window.addEventListener("beforeunload", function (event) {
    // A reload or a pull to refresh: start saving now, while the page is whole. A save begun
    // only as the page unloads (pagehide) may never leave it.
    if (dirty && !exiting) save({ leaving: true });
    if ((dirty || inFlight) && !exiting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // When the connection drops, the words stay in this page; they are saved as soon as it is
  // back, without waiting for the next retry.
  var OFFLINE = gettext("Offline: your words are kept on this page and will be saved when the connection is back. Keep the page open.");
  window.addEventListener("offline", function () { if (!stopped) setStatus(OFFLINE, true); });
  window.addEventListener("online", function () {
    if (stopped) return;
    retryDelay = 2000;
    if (dirty) save({ again: true });
    else setStatus(gettext("Back online. Everything is saved."));
  });

  // The quick exit (unsent.js) asks first: words not yet saved leave with it, in the exit's own
  // request, which saves them before it locks the keys. Nothing waits for the network here.
  document.addEventListener("unsent:quick-exit", function (event) {
    if (!dirty && !inFlight) return;
    event.preventDefault();
    exiting = true;
    clearTimeout(timer);
    var leave = document.getElementById("leave-form");
    leave.querySelector("input[name=body]").value = wellFormed(body.value);
    leave.querySelector("input[name=title]").value = wellFormed(title.value);
    leave.querySelector("input[name=recipient]").value = wellFormed(recipient.value);
    leave.querySelector("input[name=version]").value = versionInput.value;
    stopped = true; // the exit carries them now: no save of its own races it
    dirty = false;
    leave.submit();
  });

  // The check-in belongs to a letter: on a new one, make it first (the writer chose to).
  var checkInForm = document.getElementById("check-in-form");
  if (checkInForm) {
    checkInForm.addEventListener("submit", function (event) {
      if (!startInput) return;
      event.preventDefault();
      var button = event.submitter;
      dirty = true;
      save({ again: true }).then(function () {
        if (startInput) return; // not made: the status line says why
        if (button && button.name) {
          var chosen = document.createElement("input");
          chosen.type = "hidden";
          chosen.name = button.name;
          chosen.value = button.value;
          checkInForm.appendChild(chosen);
        }
        checkInForm.submit();
      });
    });
  }

  // The writing area has the focus from the start (autofocus, which the browser may apply only
  // after this script); on a letter already begun, the writer goes on from its end. Unless the
  // writer has already moved elsewhere.
  var elsewhere = document.activeElement && document.activeElement !== document.body;
  if (!elsewhere || document.activeElement === body) {
    if (body.selectionStart === 0 && body.selectionEnd === 0) {
      body.setSelectionRange(body.value.length, body.value.length);
    }
    body.focus();
    body.scrollTop = body.scrollHeight;
  }
  // A new letter's page came from a POST: made a plain entry here, reloading it or coming back
  // to it opens an empty new letter rather than asking to send the form again.
  if (startInput) history.replaceState(null, "", window.location.href);

  countWords();
  // Words typed before this script ran (the page shows before its scripts arrive on a slow
  // connection) fired no input event: save them now, or they would be lost on leaving.
  if ([body, title, recipient].some(function (field) { return field.value !== field.defaultValue; })) {
    edited();
  }

  // A reload mid-sentence: the last words left with the page before, and this page's own
  // request may have overtaken them, so it shows the text without them. Once it is open, and
  // again a moment later, it asks which version the server holds (a number, no words); if that
  // is newer and nothing has been typed here yet, it opens again with it.
  var versionUrl = form.getAttribute("data-version-url");
  function openAgainIfBehind() {
    if (!versionUrl || dirty || inFlight) return;
    fetch(versionUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        var behind = typeof data.version === "number" && data.version > parseInt(versionInput.value, 10);
        if (behind && !dirty && !inFlight) window.location.reload();
      })
      .catch(function () {}); // nothing to do: the next save says what is wrong
  }
  openAgainIfBehind();
  setTimeout(openAgainIfBehind, 1500);
})();
