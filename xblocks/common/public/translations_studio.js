/* Studio "Translations" section: save one language's translations; add a language. Starts itself. */
(function (root) {
  'use strict';
  var RTL = ['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi'];
  var CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function say(section, message, isError) {
    var region = section.querySelector('[data-wl-status]');
    region.classList.toggle('wl-status-error', !!isError);
    region.textContent = '';
    root.setTimeout(function () { region.textContent = message; }, 30);
  }

  function post(url, data) {
    return fetch(url, {method: 'POST', credentials: 'same-origin', body: JSON.stringify(data),
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf(), 'X-Requested-With': 'XMLHttpRequest'}
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.message || String(response.status)); }
        return body;
      });
    });
  }

  function updateOverview(section, language, states) {
    var counts = {up_to_date: 0, outdated: 0, missing: 0};
    Object.keys(states).forEach(function (unit) { counts[states[unit]] += 1; });
    var row = section.querySelector('[data-overview="' + language + '"]');
    if (!row) { return; }
    Object.keys(counts).forEach(function (state) {
      row.querySelector('[data-count="' + state + '"]').textContent = String(counts[state]);
    });
  }

  function save(section, editor) {
    var language = editor.getAttribute('data-language');
    var translations = {}, versions = {};
    editor.querySelectorAll('[data-unit]').forEach(function (row) {
      var unit = row.getAttribute('data-unit');
      translations[unit] = row.querySelector('[data-text]').value;
      versions[unit] = row.getAttribute('data-version');
    });
    return post(section.getAttribute('data-handler'),
      {language: language, translations: translations, versions: versions}).then(function (body) {
      editor.querySelectorAll('[data-unit]').forEach(function (row) {
        var state = body.states[row.getAttribute('data-unit')];
        var badge = row.querySelector('[data-state]');
        badge.textContent = section.getAttribute('data-label-' + state) || state;
        badge.className = 'wl-badge wl-tr-state-' + state;
      });
      updateOverview(section, body.language, body.states);
      say(section, section.getAttribute('data-saved'));
    }, function (error) { say(section, error.message, true); });
  }

  function addLanguage(section) {
    var input = section.querySelector('[data-tr-add-code]');
    var code = input.value.trim().replace(/_/g, '-').toLowerCase();
    if (!CODE.test(code)) { say(section, section.getAttribute('data-add-error'), true); input.focus(); return; }
    var existing = section.querySelector('[data-language="' + code + '"]');
    if (existing) { existing.open = true; existing.querySelector('summary').focus(); return; }
    var editor = section.querySelector('template[data-tr-new]').content.firstElementChild.cloneNode(true);
    var dir = RTL.indexOf(code.split('-')[0]) >= 0 ? 'rtl' : 'ltr';
    editor.setAttribute('data-language', code);
    editor.querySelector('[data-new-summary]').textContent = code;
    editor.querySelectorAll('[data-unit]').forEach(function (row, index) {
      var id = section.querySelector('[id]').id + '-' + code + '-new-' + index;
      var area = row.querySelector('[data-text]');
      area.id = id;
      area.setAttribute('lang', code);
      area.setAttribute('dir', dir);
      row.querySelector('[data-new-label]').setAttribute('for', id);
    });
    section.querySelector('[data-editors]').appendChild(editor);
    wire(section, editor);
    input.value = '';
    editor.querySelector('[data-text]').focus();
  }

  function wire(section, editor) {
    editor.querySelector('[data-tr-form]').addEventListener('submit', function (event) {
      event.preventDefault();
      save(section, editor);
    });
  }

  function start() {
    document.querySelectorAll('[data-wl-translations]:not([data-wl-ready])').forEach(function (section) {
      section.setAttribute('data-wl-ready', '');
      section.querySelectorAll('[data-editors] > [data-language]').forEach(function (editor) { wire(section, editor); });
      var add = section.querySelector('[data-tr-add]');
      if (add) { add.addEventListener('click', function () { addLanguage(section); }); }
    });
  }

  start();
  if (root.WikiLearnTranslationsWatch) { return; }
  // Studio may load this script once and insert the editor again later (each time the modal opens).
  root.WikiLearnTranslationsWatch = true;
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); }
  if (root.MutationObserver) {
    new root.MutationObserver(start).observe(document.documentElement, {childList: true, subtree: true});
  }
}(window));
