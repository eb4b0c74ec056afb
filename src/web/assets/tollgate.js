// Tollgate's one script: htmx requests carry the session's CSRF token from <meta name="csrf-token">
// (forms also carry it in a hidden field, so everything works without JavaScript).
document.addEventListener('htmx:configRequest', function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
});
// After a boosted page swap, move focus to the new page's main content, as a full load would for screen readers.
document.addEventListener('htmx:afterSettle', function () {
  var main = document.getElementById('main');
  if (main && document.activeElement === document.body) main.focus({ preventScroll: true });
});
// The Users page's ADMIN LOCK checkbox takes effect when ticked; without JavaScript its Apply button does it.
document.addEventListener('change', function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
  var form = box.closest('form.autosubmit');
  if (form) form.requestSubmit();
});
