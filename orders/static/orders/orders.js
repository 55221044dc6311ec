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
    // The draft's title starts as the chosen service's (else category's) name; what
    // the advisor types themselves is kept.
    var title = document.querySelector("form.orders-triage input[name='title']");
    var service = document.querySelector("form.orders-triage select[name='service']");
    var category = document.querySelector("form.orders-triage select[name='category']");
    if (title && service) {
      var prefilled = "";
      var chosen = function (sel) {
        return sel && sel.value ? sel.options[sel.selectedIndex].text : "";
      };
      var prefill = function () {
        if (title.value && title.value !== prefilled) { return; }
        prefilled = chosen(service) || chosen(category);
        title.value = prefilled;
      };
      service.addEventListener("change", prefill);
      if (category) { category.addEventListener("change", prefill); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
