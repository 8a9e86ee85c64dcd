/* Buttons marked data-print print the page (a file, not an inline onclick: the site's
   Content-Security-Policy allows no inline scripts). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
