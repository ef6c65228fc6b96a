// Live board countdowns: every element with data-countdown-to="<ISO instant>" shows the minutes and seconds
// left, ticked here in the browser so that no second costs a round trip to the server. The text goes in a
// data attribute shown by CSS, so React, which owns the element, never fights over its content.
(function () {
  function tick() {
    document.querySelectorAll("[data-countdown-to]").forEach(function (element) {
      var end = Date.parse(element.getAttribute("data-countdown-to"));
      if (isNaN(end)) {
        element.removeAttribute("data-remaining");
        return;
      }
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (element.getAttribute("data-remaining") !== text) {
        element.setAttribute("data-remaining", text);
      }
      element.classList.toggle("is-over", left === 0);
    });
  }
  setInterval(tick, 250);
})();
