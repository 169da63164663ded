// The OKR editor: "+ Add a key result" copies the last row, empty, and renumbers; the form's own
// htmx attributes then send the draft to the coach.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var add = document.getElementById("add-kr");
    if (!add) { return; }
    add.addEventListener("click", function () {
      var rows = document.querySelectorAll(".kr-row");
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      copy.querySelector(".kr-number").textContent = "KR" + (rows.length + 1);
      last.after(copy);
      copy.querySelector("input").focus();
    });
  });
})();
