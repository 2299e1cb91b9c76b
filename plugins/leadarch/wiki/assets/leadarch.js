/* leadarch wiki: renders Mermaid diagrams with the page's light/dark palette,
 * wires diagram nodes to their pages (Mermaid's own `click` stays disabled under
 * securityLevel "strict"), and adds zoom and pan; a diagram wider than the column
 * scrolls at its natural size instead of shrinking its text. Diagram sources come from the
 * catalog and are treated as data: links are read only from `%% link nX url`
 * comment lines and only relative URLs are followed. */
(function () {
  "use strict";

  function diagrams() {
    return Array.prototype.slice.call(document.querySelectorAll("div.mermaid"));
  }

  function stash() {
    diagrams().forEach(function (el) {
      if (el.dataset.leadarchSource === undefined) el.dataset.leadarchSource = el.textContent;
    });
  }

  function theme() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate" ? "dark" : "default";
  }

  function linksOf(source) {
    var map = {};
    source.split("\n").forEach(function (line) {
      var m = line.match(/^\s*%% link (n\d+) ([A-Za-z0-9_.\/#\-]+)\s*$/);
      if (m && !/^[a-z]+:/i.test(m[2]) && m[2].indexOf("//") !== 0) map[m[1]] = m[2];
    });
    return map;
  }

  function nodeId(g) {
    var id = g.getAttribute("data-id");
    if (id) return id;
    var m = (g.id || "").match(/flowchart-(n\d+)-\d+$/);
    return m ? m[1] : null;
  }

  function wireLinks(el) {
    var map = linksOf(el.dataset.leadarchSource || "");
    el.querySelectorAll("g.node").forEach(function (g) {
      var href = map[nodeId(g)];
      if (!href) return;
      g.classList.add("leadarch-link");
      g.setAttribute("role", "link");
      g.setAttribute("tabindex", "0");
      var go = function () { window.location.href = href; };
      g.addEventListener("click", go);
      g.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
    });
  }

  function addZoom(el) {
    var svg = el.querySelector("svg");
    if (!svg) return;
    if (el.parentNode.classList.contains("leadarch-diagram")) {
      if (el.leadarchApply) el.leadarchApply(); // drawn again (a theme switch): same size
      return;
    }
    var frame = document.createElement("div");
    frame.className = "leadarch-diagram";
    var bar = document.createElement("div");
    bar.className = "leadarch-zoom";
    el.parentNode.insertBefore(frame, el);
    frame.appendChild(bar);
    frame.appendChild(el);
    var scale = 1;
    // A diagram keeps its natural size (Mermaid's viewBox: 16px labels) and the frame
    // scrolls; shrinking a wide journey map to the column made its labels unreadable.
    function natural(s) {
      var box = s.viewBox && s.viewBox.baseVal;
      return box && box.width ? box.width : s.getBoundingClientRect().width;
    }
    function apply() {
      var s = el.querySelector("svg");
      if (!s) return;
      s.style.maxWidth = "none";
      s.style.width = natural(s) * scale + "px";
      s.style.height = "auto";
      s.dataset.scale = scale;
    }
    [["+", "Zoom in", 1.25], ["−", "Zoom out", 0.8], ["⟲", "Reset zoom", 0]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.title = b[1];
      button.setAttribute("aria-label", b[1]);
      button.addEventListener("click", function () {
        scale = b[2] === 0 ? 1 : Math.min(6, Math.max(0.3, scale * b[2]));
        apply();
      });
      bar.appendChild(button);
    });
    el.leadarchApply = apply;
    apply();
    var drag = null;
    el.addEventListener("pointerdown", function (e) {
      if (e.target.closest && e.target.closest(".leadarch-link")) return;
      drag = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop };
    });
    window.addEventListener("pointerup", function () { drag = null; });
    el.addEventListener("pointermove", function (e) {
      if (!drag) return;
      el.scrollLeft = drag.left - (e.clientX - drag.x);
      el.scrollTop = drag.top - (e.clientY - drag.y);
    });
  }

  var rendering = Promise.resolve();

  function render() {
    if (!window.mermaid) return rendering;
    rendering = rendering.then(function () {
      var els = diagrams();
      els.forEach(function (el) {
        el.removeAttribute("data-processed");
        el.textContent = el.dataset.leadarchSource;
      });
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: theme() });
      return window.mermaid.run({ nodes: els, suppressErrors: true }).then(function () {
        els.forEach(function (el) {
          wireLinks(el);
          addZoom(el);
          el.dataset.leadarchTheme = theme();
        });
        document.body.dataset.leadarchRendered = String(Number(document.body.dataset.leadarchRendered || 0) + 1);
      });
    });
    return rendering;
  }

  function start() {
    stash();
    if (!diagrams().length) return;
    render();
    new MutationObserver(function () { render(); }).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme"],
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
