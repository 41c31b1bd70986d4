/*
 * Wagtail's date, time and date-time widgets start their pickers with an
 * inline <script>, which the admin's Content-Security-Policy (script-src
 * 'self') blocks. Rathaus renders them as <template data-rathaus-chooser>
 * instead, and chooser widgets too (see csp_widgets.py); this file (a static file, allowed by the policy) starts them,
 * also in forms loaded later (modals, inline panels).
 */
(function () {
  var STARTERS = ['initDateChooser', 'initDateTimeChooser', 'initTimeChooser'];
  function start(root) {
    root.querySelectorAll('template[data-rathaus-chooser]').forEach(function (node) {
      if (STARTERS.indexOf(node.dataset.rathausChooser) < 0) return;
      var init = window[node.dataset.rathausChooser];
      if (typeof init !== 'function') return;
      node.removeAttribute('data-rathaus-chooser');
      init(node.dataset.rathausTarget, JSON.parse(node.dataset.rathausConfig || '{}'));
    });
    // Chooser widgets (rathaus.site.municipalities.csp_widgets).
    root.querySelectorAll('template[data-rathaus-widget]').forEach(function (node) {
      var name = node.dataset.rathausWidget;
      if (!/^[A-Z][A-Za-z]*Chooser$/.test(name) || typeof window[name] !== 'function') return;
      node.removeAttribute('data-rathaus-widget');
      new window[name](node.dataset.rathausTarget, JSON.parse(node.dataset.rathausOptions || '{}'));
    });
  }
  function startAll() {
    start(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) start(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startAll);
  } else {
    startAll();
  }
})();
