// "Near me" in the member portal: ask the browser where the member is and reload the list sorted by distance.
// The location goes to this site only in the page's address; nothing stores it.
(function () {
  var button = document.getElementById("near-me");
  if (!button || !navigator.geolocation) { if (button) { button.hidden = true; } return; }
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var url = new URL(window.location.href);
      url.searchParams.set("near", pos.coords.latitude.toFixed(4) + "," + pos.coords.longitude.toFixed(4));
      window.location.assign(url.toString());
    }, function () {
      button.disabled = false;
      var note = document.getElementById("near-me-failed");
      if (note) { note.hidden = false; }
    }, {timeout: 10000, maximumAge: 600000});
  });
})();
