/* Order form and phone triage (orders/templates/orders/order_form.html,
 * inquiry_form.html); loaded as a file for the Content-Security-Policy. */
(function () {
  "use strict";

  function start() {
    // Bestill bistand: show the chosen service's description under the field.
    var descriptions = document.getElementById("service-descriptions");
    var target = document.getElementById("service-description");
    var select = document.querySelector("form.orders-form select[name='service']");
    if (descriptions && target && select) {
      var data = JSON.parse(descriptions.textContent || "{}");
      var show = function () { target.textContent = data[select.value] || ""; };
      select.addEventListener("change", show);
      show();
    }
    // Registrer henvendelse: announce department matches like caller matches.
    var department = document.querySelector("form.orders-triage select[name='department']");
    if (department) { department.dataset.results = "department-results"; }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
