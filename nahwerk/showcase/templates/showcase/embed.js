/* The competence map on another website: this script puts it in a frame where it stands,
   and grows the frame with the map's content. */
(function () {
  "use strict";
  var script = document.currentScript;
  var frame = document.createElement("iframe");
  var query = script && script.dataset.filters ? "?" + script.dataset.filters : "";
  frame.src = {{ embed_url|safe }} + query;
  frame.title = {{ title|safe }};
  frame.loading = "lazy";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = (script && script.dataset.height ? script.dataset.height : "720") + "px";
  frame.className = "nahwerk-competence-map";
  var origin = new URL(frame.src).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
    var height = event.data && event.data.nahwerkHeight;
    if (typeof height === "number" && height > 200 && height < 20000) {
      frame.style.height = Math.ceil(height) + "px";
    }
  });
  if (script && script.parentNode) {
    script.parentNode.insertBefore(frame, script.nextSibling);
  } else {
    document.body.appendChild(frame);
  }
})();
