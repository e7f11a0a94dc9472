// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Document viewer: highlight a span or chunk named in the URL fragment (#span-120-340, #chunk-<id>).
  function highlightFromHash() {
    var text = document.getElementById("doc-text");
    if (!text || !location.hash) return;
    var range = null;
    var m = location.hash.match(/^#span-(\d+)-(\d+)$/);
    if (m) range = [parseInt(m[1], 10), parseInt(m[2], 10)];
    var c = location.hash.match(/^#chunk-([0-9a-f]+)$/);
    if (c) {
      var spans = JSON.parse(document.getElementById("chunk-spans").textContent || "{}");
      if (spans[c[1]]) range = spans[c[1]];
    }
    if (!range || range[0] >= range[1]) return;
    // A long document is shown a page at a time: a span on another page is opened on its own page.
    var pageStart = parseInt(text.dataset.pageStart, 10), pageEnd = parseInt(text.dataset.pageEnd, 10);
    if (m && (range[0] < pageStart || range[0] >= pageEnd)) {
      location.replace("?start=" + range[0] + "&end=" + range[1] + "#passage");
      return;
    }
    var first = null;
    text.querySelectorAll(".line").forEach(function (line) {
      var s = parseInt(line.dataset.start, 10), e = parseInt(line.dataset.end, 10);
      if (range[0] < e && s < range[1]) {
        line.classList.add("hl");
        var a = Math.max(range[0], s) - s, b = Math.min(range[1], e) - s;
        var node = line.firstChild;
        if (line.childNodes.length === 1 && node.nodeType === 3) {
          var full = node.textContent;
          var mark = document.createElement("mark");
          mark.textContent = full.slice(a, b);
          line.textContent = "";
          line.append(full.slice(0, a), mark, full.slice(b));
          if (!first) first = mark;
        } else if (!first) { first = line; }
      }
    });
    if (first) { first.setAttribute("tabindex", "-1"); first.scrollIntoView({ block: "center" }); first.focus({ preventScroll: true }); }
  }

  // Chat: ask through the JSON API without a page reload, then show the turn as the server renders it
  // (/conversations/<id>/latest, the same template as the page), so sources, highlights and page numbers
  // look the same with and without JavaScript. Any failure falls back to the plain form post.
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function announce(text) {
    var status = document.getElementById("chat-status");
    if (!status) return;
    // Emptied first, so the same words said twice ("Copied") are still told.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fragment(html) {
    // DOMParser never runs scripts, and the server escaped every text it put in the fragment.
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.body.firstElementChild ? document.adoptNode(doc.body.firstElementChild) : null;
  }

  function showCopyButtons(root) {
    root.querySelectorAll("button.copy-answer[hidden]").forEach(function (b) { b.hidden = false; });
  }

  function copyText(button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    var text = source.textContent;
    var done = function () {
      button.textContent = "Copied";
      announce("Copied the answer with its sources.");
      window.setTimeout(function () { button.textContent = "Copy answer with sources"; }, 2000);
    };
    var fallback = function () {
      // Without the clipboard API (a page not served from localhost or https): open the text, select it.
      var details = source.closest("details");
      if (details) details.open = true;
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges(); selection.addRange(range);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      if (copied) done(); else announce("The text is selected below; copy it with your keyboard or menu.");
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  function enhanceChat() {
    var form = document.getElementById("ask-form");
    var conversation = document.getElementById("conversation");
    if (!form || !conversation || !window.fetch || !window.DOMParser) return;
    var input = form.querySelector("#question");
    var button = form.querySelector("button[type=submit]");
    var idField = form.querySelector("input[name=conversation_id]");
    var spinner = form.querySelector(".spinner");
    var clear = document.querySelector("form.clear");
    var welcome = conversation.querySelector(".welcome");
    var busy = false;
    showCopyButtons(conversation);

    function showError(message) {
      var p = el("p", "error", message);
      p.id = "ask-error"; p.setAttribute("role", "alert");
      form.prepend(p);
      input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", "ask-error");
      input.focus();
    }

    function clearError() {
      var error = form.querySelector(".error");
      if (error) error.remove();
      input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby");
    }

    function finished() {
      busy = false; spinner.hidden = true; button.disabled = false;
    }

    function ask(question) {
      var hadFocus = document.activeElement === input;
      clearError();
      busy = true; spinner.hidden = false; button.disabled = true;
      announce("Looking through the documents…");
      fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ question: question, conversation_id: idField.value || null })
      }).then(function (resp) {
        return resp.json().then(function (data) { return { ok: resp.ok, status: resp.status, data: data }; });
      }).then(function (res) {
        if (res.status === 404 && idField.value) {
          // The conversation was cleared (in another tab) or forgotten: start a new one, as the form post does.
          finished();
          conversation.querySelectorAll(".turn").forEach(function (t) { t.remove(); });
          idField.value = "";
          ask(question);
          return null;
        }
        if (!res.ok) {
          finished();
          announce("");
          showError((res.data.error && res.data.error.message) || "That question could not be answered.");
          return null;
        }
        var id = res.data.conversation_id;
        return fetch("/conversations/" + encodeURIComponent(id) + "/latest", { headers: { "Accept": "text/html" } })
          .then(function (resp) {
            if (!resp.ok) throw new Error("no fragment");
            return resp.text();
          }).then(function (html) {
            var turn = fragment(html);
            if (!turn) throw new Error("empty fragment");
            finished();
            if (welcome) welcome.hidden = true;
            conversation.querySelectorAll(".turn.latest").forEach(function (t) { t.classList.remove("latest"); t.removeAttribute("id"); });
            conversation.insertBefore(turn, welcome);
            showCopyButtons(turn);
            idField.value = id;
            history.replaceState(null, "", "/?c=" + encodeURIComponent(id));
            if (clear) { clear.action = "/conversations/" + encodeURIComponent(id) + "/clear"; clear.hidden = false; }
            input.value = "";
            var text = turn.querySelector(".answer-text");
            var sources = turn.querySelectorAll(".sources > li").length;
            announce("Answer: " + (text ? text.textContent.trim() : "") +
              (sources ? " " + sources + (sources === 1 ? " source." : " sources.") : ""));
            turn.scrollIntoView({ block: "start" });
            // Typing at the field: stay there for the next question. Otherwise (a button, now disabled, had
            // focus) go to the answer, whose sources follow it in the tab order.
            if (hadFocus) input.focus({ preventScroll: true });
            else turn.querySelector(".answer").focus({ preventScroll: true });
          }).catch(function () {
            location.assign("/?c=" + encodeURIComponent(id) + "#latest");  // the answer is saved: show the page
          });
      }).catch(function () { if (busy) { finished(); form.submit(); } });
    }

    form.addEventListener("submit", function (ev) {
      var question = input.value.trim();
      if (!question || busy) { if (busy) ev.preventDefault(); return; }
      ev.preventDefault();
      ask(question);
    });

    if (welcome) {
      welcome.addEventListener("submit", function (ev) {
        var field = ev.target.querySelector("input[name=question]");
        if (!field || busy) return;
        ev.preventDefault();
        input.value = field.value;
        ask(field.value);
      });
    }

    conversation.addEventListener("click", function (ev) {
      var target = ev.target.closest ? ev.target.closest("button.copy-answer") : null;
      if (target) copyText(target);
    });

    if (clear) {
      clear.addEventListener("submit", function (ev) {
        var id = idField.value;
        if (!id) return;
        ev.preventDefault();
        fetch("/api/conversations/" + encodeURIComponent(id), { method: "DELETE", headers: { "Accept": "application/json" } })
          .then(function (resp) {
            if (!resp.ok && resp.status !== 404) throw new Error("not cleared");
            conversation.querySelectorAll(".turn").forEach(function (t) { t.remove(); });
            if (welcome) welcome.hidden = false;
            idField.value = ""; clear.hidden = true;
            history.replaceState(null, "", "/");
            clearError();
            announce("Conversation cleared.");
            input.focus();
          }).catch(function () { clear.submit(); });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    highlightFromHash();
    enhanceChat();
    var passage = document.getElementById("passage");
    if (passage) { passage.scrollIntoView({ block: "center" }); passage.focus({ preventScroll: true }); }
  });
  window.addEventListener("hashchange", highlightFromHash);
})();
