// The "Skriv ut listen" button of the PLO phone list: shown only when JavaScript can print.
document.querySelectorAll(".print-button").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
