// Scheduling a hearing: the court box is offered only for a hearing before a court.
// The form works without this file; the server refuses a court for another forum.
(function () {
  var forum = document.getElementById("forum");
  var court = document.getElementById("court_id");
  if (!forum || !court) {
    return;
  }
  var box = court.closest(".mb-3");
  function offerCourt() {
    var beforeCourt = forum.value === "court";
    box.hidden = !beforeCourt;
    if (!beforeCourt) {
      court.value = "0";
    }
  }
  forum.addEventListener("change", offerCourt);
  offerCourt();
})();
