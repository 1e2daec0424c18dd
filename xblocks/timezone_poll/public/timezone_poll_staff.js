/* Timezone poll, staff side: heat map (own zone or UTC), ranked sessions, choose one, CSV. */
(function (root) {
  'use strict';
  var W = root.WikiLearn;
  var _ = W.gettext;

  var serial = 0;

  /* Staff messages in the results' own live region, above the ranking they are about. */
  function say(element, message, isError) {
    W.announce(element, message, isError, element.querySelector('[data-tzp-staff-status]'));
  }

  /* A button that fetches one name list of one candidate from candidate_names, page by page, on demand
     (the ranking itself carries counts only: names for every candidate would grow with every learner). */
  function names(runtime, element, slotId, list, label, count) {
    if (!count) { return null; }
    serial += 1;
    var region = W.el('div', {id: 'tzp-names-' + serial + '-' + list, 'data-tzp-names': list, hidden: ''});
    var toggle = W.el('button', {type: 'button', 'class': 'wl-button wl-secondary', 'aria-expanded': 'false',
      'aria-controls': region.id, 'data-tzp-names-toggle': list, text: label + ' (' + count + ')'});
    var listEl = W.el('ul', {'class': 'tzp-names'});
    var more = W.el('button', {type: 'button', 'class': 'wl-button wl-secondary', 'data-tzp-names-more': '',
      hidden: '', text: _('Show more names')});
    region.appendChild(listEl);
    region.appendChild(more);
    var next = 1;

    function load() {
      region.setAttribute('aria-busy', 'true');
      return W.call(runtime, element, 'candidate_names', {slot_id: slotId, list: list, page: next}).then(function (data) {
        data.names.forEach(function (name) { listEl.appendChild(W.el('li', {text: name})); });
        next = data.next_page;
        if (next) { more.removeAttribute('hidden'); } else { more.setAttribute('hidden', ''); }
        region.removeAttribute('aria-busy');
      }, function (error) {
        region.removeAttribute('aria-busy');
        say(element, error.message, true);
      });
    }

    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') === 'true';
      toggle.setAttribute('aria-expanded', open ? 'false' : 'true');
      if (open) { region.setAttribute('hidden', ''); return; }
      region.removeAttribute('hidden');
      if (!listEl.childNodes.length && next) { load(); }
    });
    more.addEventListener('click', function () {
      var shown = listEl.childNodes.length;
      load().then(function () {
        var first = listEl.childNodes[shown];  // keyboard users continue from the first new name
        if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
      });
    });
    return W.el('div', {'class': 'tzp-names-group'}, [toggle, region]);
  }

  function TimezonePollStaff(runtime, element) {
    var section = element.querySelector('[data-tzp-staff]');
    if (!section) { return; }
    var body = section.querySelector('[data-tzp-staff-body]');
    var view = 'local';
    section.querySelector('[data-tzp-csv]').href = runtime.handlerUrl(element, 'export_csv');

    function week(w) {
      return w.date.slice(5) + ': ' + w.available + ' \u2713' + (w.if_need_be ? ' +' + w.if_need_be + ' ?' : '');
    }

    function candidateRow(data, c, index) {
      var chosen = data.chosen && data.chosen.slot_id === c.slot_id;
      var local = c.local ? c.local.text : '';
      var changes = c.local ? c.local.changes.map(function (x) { return W.el('li', {text: x.text}); }) : [];
      var choose = W.el('button', {type: 'button', 'class': 'wl-button' + (chosen ? '' : ' wl-secondary'),
        'data-tzp-choose': c.slot_id, 'aria-pressed': chosen ? 'true' : 'false',
        text: chosen ? _('Chosen') : _('Choose this session')});
      choose.addEventListener('click', function () {
        W.call(runtime, element, 'choose_slot', {slot_id: c.slot_id}).then(function () {
          say(element, _('The session is published to learners.'));
          refresh();
        }, function (error) { say(element, error.message, true); });
      });
      return W.el('tr', {'data-tzp-slot': c.slot_id}, [
        W.el('td', {text: String(index + 1)}),
        W.el('td', {}, [W.el('span', {text: c.utc.weekday_name + ' ' + c.utc.start + ' UTC'}),
          W.el('br'), W.el('span', {text: local}), changes.length ? W.el('ul', {}, changes) : null]),
        W.el('td', {text: String(c.attend_every_date)}),
        W.el('td', {text: String(c.if_need_be)}),
        W.el('td', {text: String(c.outside_hours)}),
        W.el('td', {}, [W.el('details', {}, [W.el('summary', {text: _('Per week')}),
          W.el('ul', {}, c.weeks.map(function (w) { return W.el('li', {text: week(w)}); }))]),
        names(runtime, element, c.slot_id, 'left_out', _('Left out'), c.left_out),
        names(runtime, element, c.slot_id, 'if_need_be', _('Only if need be'), c.if_need_be),
        names(runtime, element, c.slot_id, 'outside_hours', _('Outside their hours'), c.outside_hours)]),
        W.el('td', {}, [choose])
      ]);
    }

    function render(data) {
      body.textContent = '';
      var heat = W.el('div', {'class': 'tzp-heat'});
      body.appendChild(heat);
      var wholeDay = {step: data.settings.step, hours: {start: '00:00', end: '24:00'}};
      root.TimezonePoll.renderHeat(heat, data.heat_map, wholeDay,
        W.interpolate(_('Learners available every week, %(zone)s'), {zone: data.zone}), data.respondents);
      if (data.chosen) {
        body.appendChild(W.el('p', {'data-tzp-staff-chosen': '', text: W.interpolate(_('Chosen: %(when)s (%(zone)s)'),
          {when: data.chosen.local.text, zone: data.zone})}));
      }
      var head = W.el('tr', {}, [_('Rank'), _('Session'), _('Can attend every date'), _('Only if need be'),
        _('Outside acceptable hours'), _('Details'), ''].map(function (t) {
        return W.el('th', {scope: 'col', text: t});
      }));
      body.appendChild(W.el('div', {'class': 'wl-table-wrap'}, [W.el('table', {'class': 'tzp-ranked'}, [
        W.el('caption', {text: _('Candidate sessions, best first')}),
        W.el('thead', {}, [head]),
        W.el('tbody', {}, data.ranked.map(function (c, i) { return candidateRow(data, c, i); }))])]));
    }

    function refresh() {
      return W.call(runtime, element, 'staff_results', {view: view}).then(render, function (error) {
        say(element, error.message, true);
      });
    }

    section.querySelectorAll('[data-tzp-view]').forEach(function (button) {
      button.addEventListener('click', function () {
        view = button.getAttribute('data-tzp-view');
        section.querySelectorAll('[data-tzp-view]').forEach(function (b) {
          b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
        });
        refresh();
      });
    });
    refresh();
  }

  root.TimezonePollStaff = TimezonePollStaff;
}(window));
