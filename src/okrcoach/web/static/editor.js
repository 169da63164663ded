// The OKR editor. "+ Add a key result" copies the last row, empty; "×" removes a row; the coach's
// "Apply" buttons make the change a finding's repair describes (checker/repairs.py) on the form's
// fields. Every change then tells the form, whose htmx attributes send the draft to the coach again.
(function () {
  "use strict";

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".kr-row")); }

  // The coach numbers the KRs the server saw: the rows with a title, in order.
  function filledRows() {
    return rows().filter(function (row) { return row.querySelector("[name=kr_title]").value.trim() !== ""; });
  }

  function field(row, name) { return row.querySelector("[name=" + name + "]"); }

  function renumber() {
    rows().forEach(function (row, i) { row.querySelector(".kr-number").textContent = "KR" + (i + 1); });
  }

  function changed(form) {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addRow(title) {
    var all = rows();
    var last = all[all.length - 1];
    var row = last;
    if (field(last, "kr_title").value.trim() !== "" || title === undefined) {
      row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      last.after(row);
      renumber();
    }
    if (title !== undefined) { field(row, "kr_title").value = title; }
    return row;
  }

  function removeRow(row) {
    if (rows().length > 1) {
      row.remove();
      renumber();
    } else {
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    }
  }

  function applyRepair(button, form) {
    var d = button.dataset;
    var row = d.kr === "" ? null : filledRows()[parseInt(d.kr, 10)];
    if (d.kr !== "" && !row) { return; }   // the draft changed since the coach looked: it will look again
    switch (d.op) {
      case "remove-kr": removeRow(row); break;
      case "replace-kr": field(row, "kr_title").value = d.text; break;
      case "set-target": field(row, "kr_target").value = d.target; field(row, "kr_unit").value = d.unit; break;
      case "add-kr": addRow(d.text); break;
      case "set-title": form.querySelector("[name=title]").value = d.text; break;
      case "set-supports": form.querySelector("[name=supports]").value = d.value; break;
      default: return;
    }
    button.disabled = true;
    changed(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("editor");
    if (!form) { return; }
    document.getElementById("add-kr").addEventListener("click", function () {
      var row = addRow();
      field(row, "kr_title").focus();
    });
    form.addEventListener("click", function (event) {
      var remove = event.target.closest(".remove-kr");
      if (remove) {
        removeRow(remove.closest(".kr-row"));
        changed(form);
      }
    });
    document.getElementById("coach").addEventListener("click", function (event) {
      var button = event.target.closest(".apply-repair");
      if (button) { applyRepair(button, form); }
    });
  });
})();
