// Envoy's few browser behaviours. No inline scripts anywhere: the Content-Security-Policy
// forbids them. Everything here is progressive: pages work without it.
document.addEventListener("click", (event) => {
  // <button data-print-frame="ID"> prints the PDF preview shown in that frame.
  const button = event.target.closest("[data-print-frame]");
  if (button) {
    document.getElementById(button.dataset.printFrame)?.contentWindow?.print();
  }
});
