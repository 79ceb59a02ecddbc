// The opportunity form shows the event fields only for events, and the closing date
// only for the other kinds. Without JavaScript both sections show, with hints.
(function () {
  "use strict";

  function setUpKindSections(form) {
    var radios = form.querySelectorAll('input[name="kind"]');
    var sections = form.querySelectorAll("[data-kind-section]");
    if (!radios.length || !sections.length) return;

    function update() {
      var checked = form.querySelector('input[name="kind"]:checked');
      var kind = checked ? checked.value : "";
      sections.forEach(function (section) {
        var wanted = section.getAttribute("data-kind-section");
        var show = !kind || (wanted === "event") === (kind === "event");
        section.hidden = !show;
      });
    }

    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".opportunity-form").forEach(setUpKindSections);
  });
})();
