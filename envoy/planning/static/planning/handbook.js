// The traveller's handbook: registers the handbook's service worker (its address and scope
// are on #handbook) and says so when the page shown is the copy kept offline.
(function () {
  const root = document.getElementById("handbook");
  if (!root) return;
  const note = document.getElementById("offline-note");
  const showState = () => { if (note) note.hidden = navigator.onLine; };
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(root.dataset.worker, { scope: root.dataset.scope })
      .catch((error) => console.warn("handbook kept online only:", error));
  }
})();
