/* The cooperation graph: Cytoscape.js draws the nodes and edges of #cooperation-data
   (written by the page with json_script; no inline script, see the Content-Security-Policy).
   Colour by group (community), size by number of partners; a click on an organisation
   fills the panel beside the graph. The tables below the graph carry the same figures
   without JavaScript. */
(function () {
  "use strict";

  var PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
    "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#637939", "#843c39"
  ];
  var OUTSIDE = "#b0b5bd";

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function showPanel(cy, node, data) {
    var panel = document.getElementById("organisation-panel");
    var d = node.data();
    text("panel-name", d.label);
    text("panel-kind", d.kind || "\u2013");
    text("panel-district", d.district || "\u2013");
    var member = document.getElementById("panel-member");
    member.textContent = d.member ? member.dataset.yes : member.dataset.no;
    text("panel-degree", String(d.degree));
    text("panel-weight", String(d.weighted_degree));
    text("panel-community", d.community === null ? "\u2013" : String(d.community + 1));
    var list = document.getElementById("panel-ties");
    list.replaceChildren();
    node.connectedEdges().sort(function (a, b) {
      return b.data("weight") - a.data("weight");
    }).forEach(function (edge) {
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      var kinds = Object.keys(edge.data("kinds")).map(function (kind) {
        return (data.kind_labels[kind] || kind) + " (" + edge.data("kinds")[kind] + ")";
      });
      var item = document.createElement("li");
      item.textContent = other.data("label") + ": " + kinds.join(", ");
      list.appendChild(item);
    });
    var link = document.getElementById("panel-link");
    if (d.url) {
      link.href = d.url;
      link.hidden = false;
    } else {
      link.hidden = true;
    }
    document.getElementById("panel-hint").hidden = true;
    document.getElementById("panel-details").hidden = false;
    panel.dataset.organisation = d.id;
    cy.elements().removeClass("selected-neighbourhood");
    node.closedNeighborhood().addClass("selected-neighbourhood");
  }

  function start() {
    var container = document.getElementById("cooperation-graph");
    var source = document.getElementById("cooperation-data");
    if (!container || !source || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var maxDegree = 1;
    data.nodes.forEach(function (n) { maxDegree = Math.max(maxDegree, n.degree); });
    var elements = data.nodes.map(function (n) {
      return {
        group: "nodes",
        data: Object.assign({}, n, {
          colour: n.member ? (n.community === null ? "#4b5563" : PALETTE[n.community % PALETTE.length]) : OUTSIDE,
          size: 12 + 38 * Math.sqrt(n.degree / maxDegree)
        })
      };
    }).concat(data.edges.map(function (e, i) {
      return {
        group: "edges",
        data: Object.assign({ id: "e" + i }, e, { width: Math.min(1 + e.weight, 8) }),
        classes: e.crosses_border ? "border" : ""
      };
    }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "", "border-width": 1, "border-color": "#ffffff"
        } },
        { selector: "node[?member]", style: { "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 110, "color": "#1f2937" } },
        { selector: "edge", style: { "width": "data(width)", "line-color": "#9ca3af", "opacity": 0.6, "curve-style": "haystack" } },
        { selector: "edge.border", style: { "line-style": "dashed", "curve-style": "straight" } },
        { selector: ".selected-neighbourhood", style: { "opacity": 1, "border-color": "#111827", "border-width": 2, "line-color": "#111827" } }
      ],
      layout: data.nodes.length <= 400
        ? { name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; } }
        : { name: "concentric", concentric: function (node) { return node.data("degree"); }, levelWidth: function () { return 2; }, animate: false }
    });
    cy.on("tap", "node", function (event) { showPanel(cy, event.target, data); });
    window.cooperationGraph = cy;
    container.dataset.renderedNodes = String(cy.nodes().length);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
