// Passkeys: "Use a passkey" on the login and unlock pages, and making one in Account → Passkeys.
// The browser's answer and the PRF output go to the server in a plain form POST, once; nothing
// here keeps them (no storage, no cookie, no URL).
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function prfQuestion(options) {
    return { prf: { eval: { first: toBytes(options.extensions.prf.eval.first) } } };
  }

  function credentialList(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  function prfOutput(credential) {
    var prf = credential.getClientExtensionResults().prf;
    return prf && prf.results && prf.results.first ? toText(prf.results.first) : "";
  }

  // What the server reads, without the extension results: the PRF output travels on its own.
  function answerJson(credential) {
    var response = credential.response;
    var fields = { clientDataJSON: toText(response.clientDataJSON) };
    if (response.attestationObject) {
      fields.attestationObject = toText(response.attestationObject);
      fields.transports = response.getTransports ? response.getTransports() : [];
    } else {
      fields.authenticatorData = toText(response.authenticatorData);
      fields.signature = toText(response.signature);
      if (response.userHandle) fields.userHandle = toText(response.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: fields,
      clientExtensionResults: {},
      authenticatorAttachment: credential.authenticatorAttachment || undefined
    });
  }

  function say(form, words) {
    form.querySelector(".passkey-status").textContent = words;
  }

  var NOT_USED = gettext("No passkey was used. You can try again, or use your password.");

  // Logging in or unlocking -----------------------------------------------------------------
  var useForm = document.getElementById("passkey-use");
  if (useForm) {
    useForm.hidden = false;
    useForm.addEventListener("submit", function (event) {
      if (useForm.elements.credential.value) return; // the answer is in: let it go
      event.preventDefault();
      say(useForm, gettext("Waiting for your passkey…"));
      var body = new URLSearchParams({ purpose: useForm.getAttribute("data-purpose") });
      fetch(useForm.getAttribute("data-options-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": useForm.elements.csrfmiddlewaretoken.value },
        body: body
      }).then(function (response) {
        if (!response.ok) throw new Error("no challenge");
        return response.json();
      }).then(function (options) {
        return navigator.credentials.get({
          publicKey: {
            challenge: toBytes(options.challenge),
            rpId: options.rpId,
            timeout: options.timeout,
            userVerification: options.userVerification,
            allowCredentials: credentialList(options.allowCredentials),
            extensions: prfQuestion(options)
          }
        });
      }).then(function (credential) {
        useForm.elements.credential.value = answerJson(credential);
        useForm.elements.prf.value = prfOutput(credential);
        say(useForm, gettext("Opening your letters…"));
        useForm.submit();
      }).catch(function () {
        say(useForm, NOT_USED);
      });
    });
  }

  // Adding a passkey --------------------------------------------------------------------------
  var createForm = document.getElementById("passkey-create");
  if (createForm) {
    var options = JSON.parse(document.getElementById("passkey-options").textContent);
    var made = false;
    createForm.addEventListener("submit", function (event) {
      if (made) return;
      event.preventDefault();
      say(createForm, gettext("Waiting for your passkey…"));
      var publicKey = {
        rp: options.rp,
        user: {
          id: toBytes(options.user.id),
          name: options.user.name,
          displayName: options.user.displayName
        },
        challenge: toBytes(options.challenge),
        pubKeyCredParams: options.pubKeyCredParams,
        timeout: options.timeout,
        excludeCredentials: credentialList(options.excludeCredentials),
        authenticatorSelection: options.authenticatorSelection,
        attestation: options.attestation,
        extensions: prfQuestion(options)
      };
      navigator.credentials.create({ publicKey: publicKey }).then(function (credential) {
        createForm.elements.credential.value = answerJson(credential);
        var output = prfOutput(credential);
        var prf = credential.getClientExtensionResults().prf;
        if (output || !(prf && prf.enabled)) return output;
        // Some authenticators only say they can answer when the passkey is made: ask them now.
        return navigator.credentials.get({
          publicKey: {
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            rpId: options.rp.id,
            userVerification: "required",
            allowCredentials: [{ type: "public-key", id: credential.rawId }],
            extensions: prfQuestion(options)
          }
        }).then(prfOutput, function () { return ""; });
      }).then(function (output) {
        // With no PRF output the server says why this passkey cannot be added, and keeps nothing.
        createForm.elements.prf.value = output;
        made = true;
        say(createForm, gettext("Adding your passkey…"));
        createForm.submit();
      }).catch(function () {
        say(createForm, gettext("No passkey was made. You can try again."));
      });
    });
  }
})();
