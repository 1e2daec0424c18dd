/* Rubric block, Studio: a criteria and scale editor that writes the standard fields' JSON. */
function RubricStudio(runtime, element) {
  'use strict';
  // The block's own catalogue (loaded by studio_view) translates its strings; Studio's global gettext
  // (Django's JS catalogue) is the fallback. Studio sends the CSRF token with every jQuery request
  // (cms/static/cms/js/main.js), which the standard editor's save relies on.
  var _ = window.WikiLearnI18N ? window.WikiLearnI18N.gettext : window.gettext;
  var nodeOf = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') { node.textContent = attrs[name]; } else if (name.indexOf('on') === 0) {
        node.addEventListener(name.slice(2), attrs[name]);
      } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  };
  var uid = 'wlr-' + Math.random().toString(36).slice(2);

  function field(name) { return element.querySelector('#xb-field-edit-' + name); }
  function read(name, fallback) {
    try { return JSON.parse(field(name).value) || fallback; } catch (e) { return fallback; }
  }
  function write(name, value) {
    var area = field(name);
    area.value = JSON.stringify(value);
    if (window.jQuery) { window.jQuery(area).trigger('change'); }
  }

  var criteria = read('criteria', []);
  var scale = read('scale', []);
  var editor = nodeOf('div', {'class': 'wl-rubric-editor'});

  function input(label, value, onchange, type, multiline) {
    var id = uid + '-' + Math.random().toString(36).slice(2);
    var control = nodeOf(multiline ? 'textarea' : 'input', {id: id, type: type || 'text'});
    control.value = value === undefined ? '' : value;
    control.addEventListener('input', function () { onchange(control.value); });
    return nodeOf('div', {}, [nodeOf('label', {'for': id, text: label}), control]);
  }

  function renderCriteria(list) {
    list.textContent = '';
    criteria.forEach(function (c, index) {
      var feedbackId = uid + '-fb-' + index;
      var select = nodeOf('select', {id: feedbackId}, ['optional', 'required'].map(function (v) {
        var option = nodeOf('option', {value: v, text: v === 'required' ? _('Feedback required') : _('Feedback optional')});
        option.selected = (c.feedback || 'optional') === v;
        return option;
      }));
      select.addEventListener('change', function () { c.feedback = select.value; write('criteria', criteria); });
      list.appendChild(nodeOf('fieldset', {}, [
        nodeOf('legend', {text: _('Criterion') + ' ' + (index + 1)}),
        input(_('Name'), c.name, function (v) { c.name = v; write('criteria', criteria); }),
        input(_('Description'), c.description, function (v) { c.description = v; write('criteria', criteria); },
          null, true),
        nodeOf('label', {'for': feedbackId, text: _('Feedback')}), select,
        nodeOf('button', {type: 'button', 'class': 'button', text: _('Remove criterion'), onclick: function () {
          criteria.splice(index, 1); write('criteria', criteria); renderCriteria(list);
        }})
      ]));
    });
  }

  function renderScale(box) {
    box.textContent = '';
    scale.forEach(function (level) {
      box.appendChild(nodeOf('div', {'class': 'wl-row'}, [
        input(_('Label for level %(level)s').replace('%(level)s', level.key), level.label,
          function (v) { level.label = v; write('scale', scale); }),
        input(_('Points'), level.points, function (v) { level.points = parseInt(v, 10); write('scale', scale); },
          'number')
      ]));
    });
  }

  function renderRule(box) {
    var rule = read('passing_rule', {mode: 'every_criterion', level: 'good'});
    var id = uid + '-rule';
    var select = nodeOf('select', {id: id});
    scale.forEach(function (level) {
      var option = nodeOf('option', {value: 'level:' + level.key,
        text: _('Every criterion at least') + ' ' + level.label});
      option.selected = rule.mode === 'every_criterion' && rule.level === level.key;
      select.appendChild(option);
    });
    var percent = nodeOf('option', {value: 'percent', text: _('A share of the total points')});
    percent.selected = rule.mode === 'min_percent';
    select.appendChild(percent);
    var share = input(_('Share of the total points (%)'), rule.percent === undefined ? 67 : rule.percent,
      function () { update(); }, 'number');
    function update() {
      var value = select.value;
      var next = value === 'percent' ? {mode: 'min_percent', percent: parseFloat(share.querySelector('input').value)} :
        {mode: 'every_criterion', level: value.slice(6)};
      share.hidden = value !== 'percent';
      write('passing_rule', next);
    }
    select.addEventListener('change', update);
    share.hidden = rule.mode !== 'min_percent';
    box.textContent = '';
    box.appendChild(nodeOf('label', {'for': id, text: _('Passing rule')}));
    box.appendChild(select);
    box.appendChild(share);
  }

  var list = nodeOf('div');
  var scaleBox = nodeOf('div');
  editor.appendChild(nodeOf('h3', {text: _('Criteria')}));
  editor.appendChild(list);
  editor.appendChild(nodeOf('button', {type: 'button', 'class': 'button', 'data-add-criterion': '1',
    text: _('Add criterion'), onclick: function () {
      criteria.push({name: '', description: '', feedback: 'optional'});
      renderCriteria(list);
      list.lastChild.querySelector('input').focus();
    }}));
  editor.appendChild(nodeOf('h3', {text: _('Scale (lowest level first)')}));
  editor.appendChild(scaleBox);
  var ruleBox = nodeOf('div');
  editor.appendChild(ruleBox);
  renderCriteria(list);
  renderScale(scaleBox);
  renderRule(ruleBox);

  ['criteria', 'scale', 'passing_rule'].forEach(function (name) {
    var item = field(name) && field(name).closest('li');
    if (item) { item.hidden = true; }
  });
  var settings = element.querySelector('.settings-list');
  settings.parentNode.insertBefore(editor, settings);
  return window.StudioEditableXBlockMixin(runtime, element);
}
