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

  // Chat: ask through the JSON API without a page reload, with a spinner. Everything from the
  // server is inserted with textContent, never as HTML. Any failure falls back to the plain form post.
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderTurn(question, data, index) {
    var prefix = "t" + index + "-";
    var turn = el("article", "turn latest");
    var q = el("p", "question");
    q.append(el("span", "who", "You asked"), document.createTextNode(" " + question));
    turn.append(q);
    var answer = el("div", "answer" + (data.abstained ? " abstained" : ""));
    var body = el("div", "answer-text"), list = null;
    data.answer.split("\n").forEach(function (line) {
      if (!line.trim()) return;
      var target;
      if (line.indexOf("• ") === 0) { if (!list) { list = el("ul"); body.append(list); } target = el("li"); list.append(target); line = line.slice(2); }
      else { list = null; target = el("p"); body.append(target); }
      line.split(/(\[\d{1,3}\])/).forEach(function (part) {
        var m = part.match(/^\[(\d{1,3})\]$/);
        if (m) { var a = el("a", "marker", part); a.href = "#" + prefix + "cite-" + m[1]; target.append(a); }
        else if (part) { target.append(document.createTextNode(part)); }
      });
    });
    answer.append(body);
    if (data.citations && data.citations.length) {
      var ol = el("ol", "citations");
      data.citations.forEach(function (c, i) {
        var li = el("li", "citation"); li.id = prefix + "cite-" + (i + 1);
        var chip = el("a", "chip", "[" + (i + 1) + "]"); chip.href = c.url;
        chip.setAttribute("aria-label", "Source " + (i + 1) + ": " + c.document.title + ", open the highlighted passage");
        var info = el("div", "cite-body"), meta = el("div", "cite-meta");
        var link = el("a"); link.href = c.url; link.append(el("strong", "", c.document.title));
        meta.append(link, el("span", "date", c.document.date));
        if (c.section && c.section.path) meta.append(el("span", "section", "§ " + c.section.path));
        if (c.page) meta.append(el("span", "page", "p. " + c.page));
        info.append(meta, el("blockquote", "quote", c.quote));
        li.append(chip, info); ol.append(li);
      });
      answer.append(ol);
    }
    if (data.related && data.related.length) {
      var det = el("details", "related"); if (data.abstained) det.open = true;
      det.append(el("summary", "", data.abstained ? "The closest passages" : "Related passages"));
      var ul = el("ul", "results");
      data.related.forEach(function (r) {
        var li = el("li", "result"), meta = el("div", "cite-meta"), a = el("a");
        a.href = r.url; a.append(el("strong", "", r.document.title));
        meta.append(a, el("span", "date", r.document.date));
        if (r.section && r.section.path) meta.append(el("span", "section", "§ " + r.section.path));
        li.append(meta, el("p", "snippet", r.text)); ul.append(li);
      });
      det.append(ul); answer.append(det);
    }
    turn.append(answer);
    return turn;
  }

  function enhanceAsk() {
    var form = document.getElementById("ask-form");
    var conversation = document.getElementById("conversation");
    if (!form || !conversation || !window.fetch) return;
    form.addEventListener("submit", function (ev) {
      var input = form.querySelector("#question");
      var question = input.value.trim();
      if (!question) return;
      ev.preventDefault();
      var spinner = form.querySelector(".spinner");
      var button = form.querySelector("button[type=submit]");
      var idField = form.querySelector("input[name=conversation_id]");
      var error = form.querySelector(".error");
      if (error) error.remove();
      spinner.hidden = false; button.disabled = true;
      fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ question: question, conversation_id: idField.value || null })
      }).then(function (resp) {
        return resp.json().then(function (data) { return { ok: resp.ok, data: data }; });
      }).then(function (res) {
        spinner.hidden = true; button.disabled = false;
        if (!res.ok) {
          var p = el("p", "error", (res.data.error && res.data.error.message) || "That question could not be answered.");
          p.setAttribute("role", "alert"); form.prepend(p); input.focus(); return;
        }
        var welcome = conversation.querySelector(".welcome"); if (welcome) welcome.remove();
        conversation.querySelectorAll(".turn.latest").forEach(function (t) { t.classList.remove("latest"); t.removeAttribute("id"); });
        var turn = renderTurn(question, res.data, conversation.querySelectorAll(".turn").length + 1);
        turn.id = "latest"; conversation.append(turn);
        idField.value = res.data.conversation_id || "";
        if (res.data.conversation_id) history.replaceState(null, "", "/?c=" + encodeURIComponent(res.data.conversation_id));
        input.value = ""; turn.scrollIntoView({ block: "start" }); input.focus();
      }).catch(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    highlightFromHash();
    enhanceAsk();
    var passage = document.getElementById("passage");
    if (passage) { passage.scrollIntoView({ block: "center" }); passage.focus({ preventScroll: true }); }
  });
  window.addEventListener("hashchange", highlightFromHash);
})();
