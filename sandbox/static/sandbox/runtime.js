/* A small XBlock JS runtime for the sandbox (the LMS provides its own): handler URLs and init. */
var SandboxRuntime = (function () {
  'use strict';
  var runtime = {
    handlerUrl: function (element, handlerName, suffix, query) {
      var block = element.closest('[data-usage]');
      // The page's surface (LMS, Studio, Studio preview) names its handler URL prefix.
      var base = document.body.getAttribute('data-handler-base') || '/handler/';
      var url = base + encodeURIComponent(block.getAttribute('data-usage')) + '/' + handlerName + '/' + (suffix || '');
      return query ? url + '?' + query : url;
    },
    // Studio's notifications (save start/end, error, cancel), shown in the page's status line as
    // Studio shows them in its notification bar; the texts come translated from the page.
    notify: function (name, data) {
      var status = document.getElementById('studio-status');
      if (!status) { return; }
      data = data || {};
      if (name === 'save' && data.state === 'start') { show(status, data.message || status.dataset.saving, 'busy'); }
      if (name === 'save' && data.state === 'end') { show(status, status.dataset.saved, 'done'); }
      if (name === 'error') { show(status, (data.title ? data.title + ': ' : '') + (data.message || ''), 'error'); }
      if (name === 'cancel') { window.location.href = status.dataset.cancelUrl; }
    }
  };
  function show(status, text, state) {
    status.textContent = text || '';
    status.setAttribute('data-state', state);
  }
  // Studio's pages send the CSRF token with every jQuery request (edx-platform cms/static/cms/js/main.js,
  // $.ajaxSetup); editors built on Studio's jQuery, like the standard one, rely on it.
  function prepareStudioPage() {
    var token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || '';
    if (window.jQuery) { window.jQuery.ajaxSetup({headers: {'X-CSRFToken': token}}); }
  }
  function initializeBlocks(root) {
    root.querySelectorAll('[data-init][data-runtime-version]').forEach(function (element) {
      var init = window[element.getAttribute('data-init')];
      if (typeof init !== 'function') { return; }
      var args = {};
      var argsNode = element.querySelector('.xblock-json-init-args, .xblock_json_init_args');
      if (argsNode && argsNode.textContent.trim()) { args = JSON.parse(argsNode.textContent); }
      init(runtime, element, args);
    });
  }
  return {runtime: runtime, initializeBlocks: initializeBlocks, prepareStudioPage: prepareStudioPage};
}());
