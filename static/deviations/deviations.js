// Progressive enhancement: after a failed submit, move the keyboard focus to the list of
// errors, so the first thing a screen reader says is what to fix. Works without it too.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
