// Live board: when the facilitator brings everyone to a column or a cluster ([data-focused="true"]), each
// screen scrolls it into view once; a participant may then scroll elsewhere without being pulled back.
(function () {
  var shown = null;
  setInterval(function () {
    var focused = document.querySelector('[data-focused="true"]');
    var key = focused ? focused.getAttribute("data-focus-key") : null;
    if (key === shown) return;
    shown = key;
    if (focused) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      focused.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "nearest", inline: "start" });
    }
  }, 300);
})();
