// Follows a running scan: polls its status and reloads the page once it has finished.
(function () {
  "use strict";
  const panel = document.getElementById("scan-status");
  if (!panel || panel.dataset.finished === "true") return;
  const badge = panel.querySelector("[data-testid=scan-status]");
  const count = panel.querySelector("[data-testid=finding-count]");
  const bar = panel.querySelector("progress");
  const words = JSON.parse(document.getElementById("status-words").textContent);
  let lastFindings = null;

  async function poll() {
    try {
      const response = await fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const scan = await response.json();
        badge.textContent = words[scan.status] || scan.status;
        badge.className = "badge status-" + scan.status;
        bar.value = scan.progress;
        count.textContent = scan.findings_count + (scan.findings_count === 1 ? " finding" : " findings");
        if (["completed", "failed", "cancelled"].includes(scan.status)) {
          window.location.reload();
          return;
        }
        if (lastFindings !== null && scan.findings_count !== lastFindings) window.location.reload();
        lastFindings = scan.findings_count;
      }
    } catch (error) {
      // The server restarting is no reason to stop following the scan.
    }
    window.setTimeout(poll, 2000);
  }
  window.setTimeout(poll, 1000);
})();
