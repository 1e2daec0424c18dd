/* A small XBlock JS runtime for the sandbox (the LMS provides its own): handler URLs and init. */
var SandboxRuntime = (function () {
  'use strict';
  var runtime = {
    handlerUrl: function (element, handlerName, suffix, query) {
      var block = element.closest('[data-usage]');
      var url = '/handler/' + encodeURIComponent(block.getAttribute('data-usage')) + '/' + handlerName + '/' + (suffix || '');
      return query ? url + '?' + query : url;
    },
    notify: function () {}
  };
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
  return {runtime: runtime, initializeBlocks: initializeBlocks};
}());
