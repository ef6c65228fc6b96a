// The live board's browser side, loaded once by every page (it only acts on board elements):
// - countdowns and the facilitator's focus, checked on one tick, so that no second costs a round trip;
// - dragging a note onto a cluster;
// - the text of a new note not yet sent, kept in the tab across a lost connection.
(function () {
  // Countdowns: every element with data-countdown-to="<ISO instant>" shows the minutes and seconds left.
  // The text goes in a data attribute shown by CSS, so React, which owns the element, never fights over
  // its content.
  function tickCountdowns() {
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

  // Focus: when the facilitator brings everyone to a column or a cluster ([data-focused="true"]), each
  // screen scrolls it into view once; a participant may then scroll elsewhere without being pulled back.
  var shownFocus = null;
  function followFocus() {
    var focused = document.querySelector('[data-focused="true"]');
    var key = focused ? focused.getAttribute("data-focus-key") : null;
    if (key === shownFocus) return;
    shownFocus = key;
    if (focused) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      focused.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "nearest", inline: "start" });
    }
  }

  setInterval(function () {
    tickCountdowns();
    followFocus();
  }, 250);
})();

// Dragging, in the « Regrouper » phase: the facilitator drags a note by its handle (.drag-handle) onto a
// cluster of the same column ([data-drop-cluster]), or onto the column's loose notes (cluster 0) to take it
// out. Pointer events, so a finger, a pen and a mouse all work; nothing moves until the server accepts: the
// drop fills #move-note-form and submits it, and the live board redraws from the database.
(function () {
  var drag = null;

  function dropTargetAt(x, y, column) {
    var under = document.elementFromPoint(x, y);
    var target = under && under.closest("[data-drop-cluster]");
    return target && target.getAttribute("data-drop-column") === column ? target : null;
  }

  function highlight(target) {
    if (drag.target === target) return;
    if (drag.target) drag.target.classList.remove("drop-target");
    drag.target = target;
    if (target) target.classList.add("drop-target");
  }

  function end(drop) {
    var note = drag.note;
    var target = drag.target;
    drag.ghost.remove();
    note.classList.remove("is-dragged");
    highlight(null);
    drag = null;
    var form = document.getElementById("move-note-form");
    if (!drop || !target || !form) return;
    var cluster = target.getAttribute("data-drop-cluster");
    if (cluster === (note.getAttribute("data-note-cluster") || "0")) return;
    document.getElementById("move-note-id").value = note.getAttribute("data-note-id");
    document.getElementById("move-cluster-id").value = cluster;
    form.requestSubmit();
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    var note = handle && handle.closest("[data-note-id]");
    if (!note || drag) return;
    event.preventDefault();
    var box = note.getBoundingClientRect();
    var ghost = note.cloneNode(true);
    ghost.classList.add("drag-ghost");
    ghost.style.width = box.width + "px";
    document.body.appendChild(ghost);
    drag = {
      note: note,
      ghost: ghost,
      target: null,
      column: note.getAttribute("data-note-column"),
      dx: event.clientX - box.left,
      dy: event.clientY - box.top,
      pointer: event.pointerId,
    };
    note.classList.add("is-dragged");
    move(event);
  });

  function move(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    drag.ghost.style.transform =
      "translate(" + (event.clientX - drag.dx) + "px, " + (event.clientY - drag.dy) + "px)";
    highlight(dropTargetAt(event.clientX, event.clientY, drag.column));
  }

  document.addEventListener("pointermove", move);
  document.addEventListener("pointerup", function (event) {
    if (drag && event.pointerId === drag.pointer) end(true);
  });
  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.pointer) end(false);
  });
  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") end(false);
  });
})();

// A new note's text, as typed, is kept in the tab's sessionStorage: when the connection drops (a worker gone,
// the network) the board redraws and the composer's field is made again, empty. When a field for a new note
// appears empty on the same board, the kept text goes back in. The server removes it once the note is
// stored or the composer cancelled (livinglab/workshops/board_state.py, NOTE_DRAFT_STORAGE_KEY).
(function () {
  var KEY = "livinglab.note-draft";
  var seen = new WeakSet();

  function isNewNoteField(element) {
    return element && element.id === "note-text" && element.getAttribute("data-draft") === "new";
  }

  function keptText() {
    try {
      var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      return kept && kept.path === location.pathname ? kept.text : "";
    } catch (error) {
      return "";
    }
  }

  document.addEventListener("input", function (event) {
    if (!isNewNoteField(event.target)) return;
    sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, text: event.target.value }));
  });

  setInterval(function () {
    var field = document.getElementById("note-text");
    if (!isNewNoteField(field) || seen.has(field)) return;
    seen.add(field);
    var text = keptText();
    if (text && field.value === "") field.value = text;
  }, 250);
})();
