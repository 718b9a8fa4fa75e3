// The new-scan form: each identity shows only the inputs of the authentication type chosen for it.
// Hidden inputs are disabled, so a value typed before switching type is not sent. Without this
// script every input shows, and the server uses those of the chosen type.
(function () {
  "use strict";
  document.querySelectorAll("[data-identity]").forEach(function (identity) {
    const select = identity.querySelector("select[data-auth-select]");
    if (!select) return;
    const fields = identity.querySelectorAll("[data-auth-types]");
    function show() {
      fields.forEach(function (field) {
        const hidden = !field.dataset.authTypes.split(" ").includes(select.value);
        field.hidden = hidden;
        field.querySelectorAll("input, textarea, select").forEach(function (input) {
          input.disabled = hidden;
        });
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
