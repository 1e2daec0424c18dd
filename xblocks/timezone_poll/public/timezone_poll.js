/* Timezone poll, learner side: paint a weekly grid in local time (mouse or keyboard alone). */
(function (root) {
  'use strict';
  var W = root.WikiLearn;
  var _ = W.gettext;
  var CYCLE = {'0': '2', '2': '1', '1': '0'};
  var SYMBOL = {'2': '\u2713', '1': '?', '0': ''};
  var DAYS = [_('Monday'), _('Tuesday'), _('Wednesday'), _('Thursday'), _('Friday'), _('Saturday'), _('Sunday')];

  function minutes(text) { var p = text.split(':'); return Number(p[0]) * 60 + Number(p[1]); }
  function hhmm(m) { return ('0' + Math.floor(m / 60)).slice(-2) + ':' + ('0' + (m % 60)).slice(-2); }
  function markName(mark) {
    return mark === '2' ? _('available') : (mark === '1' ? _('if need be') : _('empty'));
  }

  /* Rows of the grid: one per slot step within the author's hours; each row covers 1 or 2 half hours. */
  function rowsFor(settings) {
    var rows = [], step = settings.step;
    for (var m = minutes(settings.hours.start); m < minutes(settings.hours.end); m += step) {
      rows.push({start: m, end: m + step, halves: step / 30});
    }
    return rows;
  }

  /* A heat map table (counts as numbers plus a symbol; density pattern, never colour alone). */
  function renderHeat(container, heat, settings, caption, respondents) {
    var rows = rowsFor(settings), max = 1;
    heat.available.forEach(function (day) { day.forEach(function (n) { if (n > max) { max = n; } }); });
    var head = W.el('tr', {}, [W.el('th', {scope: 'col', text: _('Time')})].concat(DAYS.map(function (d) {
      return W.el('th', {scope: 'col', text: d});
    })));
    var body = rows.map(function (row) {
      var cells = DAYS.map(function (dayName, day) {
        var slot = row.start / 30, yes = heat.available[day][slot], maybe = heat.if_need_be[day][slot];
        var level = yes === 0 ? 0 : Math.min(4, Math.ceil(4 * yes / max));
        return W.el('td', {'class': 'tzp-heat-cell tzp-level-' + level, title: W.interpolate(
          _('%(day)s %(time)s: %(yes)s available, %(maybe)s if need be'),
          {day: dayName, time: hhmm(row.start), yes: yes, maybe: maybe})},
        [W.el('span', {'aria-hidden': 'true', text: yes + ' \u2713' + (maybe ? ' +' + maybe + ' ?' : '')}),
          W.el('span', {'class': 'wl-sr-only', text: W.interpolate(_('%(yes)s available, %(maybe)s if need be'),
            {yes: yes, maybe: maybe})})]);
      });
      return W.el('tr', {}, [W.el('th', {scope: 'row', text: hhmm(row.start)})].concat(cells));
    });
    container.textContent = '';
    container.appendChild(W.el('div', {'class': 'wl-table-wrap'}, [W.el('table', {'class': 'tzp-heat-table'}, [
      W.el('caption', {text: caption + ' ' + W.interpolate(W.ngettext('(%(n)s response)', '(%(n)s responses)',
        respondents || 0), {n: respondents || 0})}),
      W.el('thead', {}, [head]), W.el('tbody', {}, body)])]));
    container.hidden = false;
  }

  function TimezonePoll(runtime, element, args) {
    element = element.jquery ? element[0] : element;
    if (args && args.staff && root.TimezonePollStaff) { root.TimezonePollStaff(runtime, element, args); }
    var section = element.querySelector('[data-tzp-learner]');
    if (!section) { return; }
    var q = function (sel) { return element.querySelector(sel); };
    var zoneInput = q('[data-tzp-zone]'), gridBox = q('[data-tzp-grid]'), summary = q('[data-tzp-summary]');
    var startSel = q('[data-tzp-hours-start]'), endSel = q('[data-tzp-hours-end]'), saveButton = q('[data-tzp-save]');
    var state = null, marks = null, offered = null, rows = [], active = {row: 0, day: 0}, painting = null;
    var zonesLoaded = false;

    function cellMark(row, day) {
      var worst = null;
      for (var h = 0; h < row.halves; h += 1) {
        var i = day * 48 + row.start / 30 + h;
        if (offered[i] === '1' && (worst === null || marks[i] < worst)) { worst = marks[i]; }
      }
      return worst;
    }
    function inHours(m) { return m >= minutes(startSel.value) && m < minutes(endSel.value); }
    function cellUsable(row, day) { return cellMark(row, day) !== null && inHours(row.start); }

    function setCell(row, day, mark) {
      for (var h = 0; h < row.halves; h += 1) {
        var i = day * 48 + row.start / 30 + h;
        if (offered[i] === '1' && inHours(row.start + 30 * h)) { marks[i] = mark; }
      }
    }
    function cellLabel(row, day) {
      var text = DAYS[day] + ' ' + hhmm(row.start) + '\u2013' + hhmm(row.end % 1440) + ', ';
      return text + (cellUsable(row, day) ? markName(cellMark(row, day)) : _('not offered'));
    }
    function paintCell(td) {
      var row = rows[td.getAttribute('data-row')], day = Number(td.getAttribute('data-day'));
      var usable = cellUsable(row, day), mark = usable ? cellMark(row, day) : '0';
      td.className = 'tzp-cell ' + (usable ? {'2': 'tzp-available', '1': 'tzp-maybe', '0': 'tzp-empty'}[mark]
        : 'tzp-off');
      td.textContent = usable ? SYMBOL[mark] : '\u00b7';
      td.setAttribute('aria-label', cellLabel(row, day));
      td.setAttribute('aria-disabled', usable ? 'false' : 'true');
    }
    function cellAt(row, day) { return gridBox.querySelector('[data-row="' + row + '"][data-day="' + day + '"]'); }

    function describe() {
      var parts = {'2': [], '1': []};
      DAYS.forEach(function (dayName, day) {
        ['2', '1'].forEach(function (mark) {
          var from = null;
          rows.concat([null]).forEach(function (row) {
            var on = row && cellUsable(row, day) && cellMark(row, day) === mark;
            if (on && from === null) { from = row.start; }
            if (!on && from !== null) {
              var to = row ? row.start : rows[rows.length - 1].end;
              parts[mark].push(dayName + ' ' + hhmm(from) + '\u2013' + hhmm(to % 1440));
              from = null;
            }
          });
        });
      });
      summary.textContent = W.interpolate(_('Available: %(yes)s. If need be: %(maybe)s.'), {
        yes: parts['2'].join('; ') || _('none'), maybe: parts['1'].join('; ') || _('none')});
    }

    function focusCell(row, day) {
      row = Math.max(0, Math.min(rows.length - 1, row));
      day = (day + 7) % 7;
      var old = cellAt(active.row, active.day);
      if (old) { old.tabIndex = -1; }
      active = {row: row, day: day};
      var td = cellAt(row, day);
      td.tabIndex = 0;
      td.focus();
    }
    function toggle(td, mark) {
      var row = rows[td.getAttribute('data-row')], day = Number(td.getAttribute('data-day'));
      if (!cellUsable(row, day) || state.closed) { return null; }
      var next = mark || CYCLE[cellMark(row, day)];
      setCell(row, day, next);
      paintCell(td);
      describe();
      return next;
    }

    function onKey(event) {
      var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
      var rtl = element.querySelector('.wikilearn') && getComputedStyle(gridBox).direction === 'rtl';
      if (moves[event.key]) {
        var move = moves[event.key], dx = rtl ? -move[1] : move[1];
        focusCell(active.row + move[0], active.day + dx);
      } else if (event.key === 'Home') { focusCell(active.row, 0);
      } else if (event.key === 'End') { focusCell(active.row, 6);
      } else if (event.key === ' ' || event.key === 'Enter') {
        var next = toggle(cellAt(active.row, active.day));
        if (next === null) { W.announce(element, _('This slot is not offered or outside your hours.')); }
      } else { return; }
      event.preventDefault();
    }

    function renderGrid() {
      rows = rowsFor(state.settings);
      var head = W.el('tr', {}, [W.el('th', {scope: 'col', text: _('Time')})].concat(DAYS.map(function (d) {
        return W.el('th', {scope: 'col', text: d});
      })));
      var body = rows.map(function (row, r) {
        return W.el('tr', {}, [W.el('th', {scope: 'row', text: hhmm(row.start)})].concat(DAYS.map(function (d, day) {
          return W.el('td', {role: 'gridcell', tabindex: '-1', 'data-row': String(r), 'data-day': String(day)});
        })));
      });
      var table = W.el('table', {role: 'grid', 'class': 'tzp-grid', 'aria-describedby': summary.id,
        'aria-label': W.interpolate(_('Weekly availability in %(zone)s'), {zone: state.zone})},
      [W.el('thead', {}, [head]), W.el('tbody', {}, body)]);
      table.addEventListener('keydown', onKey);
      table.addEventListener('pointerdown', function (event) {
        var td = event.target.closest('td[data-row]');
        if (!td) { return; }
        active = {row: Number(td.getAttribute('data-row')), day: Number(td.getAttribute('data-day'))};
        focusCell(active.row, active.day);
        painting = toggle(td);
        event.preventDefault();
      });
      table.addEventListener('pointerover', function (event) {
        var td = event.target.closest('td[data-row]');
        if (td && painting && event.buttons) { toggle(td, painting); }
      });
      gridBox.textContent = '';
      gridBox.appendChild(W.el('div', {'class': 'wl-table-wrap'}, [table]));
      table.querySelectorAll('td[data-row]').forEach(paintCell);
      active = {row: 0, day: 0};
      cellAt(0, 0).tabIndex = 0;
      describe();
    }

    function fillHours() {
      var s = state.settings.hours, mine = state.answer ? state.answer.hours : s;
      [startSel, endSel].forEach(function (select, isEnd) {
        select.textContent = '';
        for (var m = minutes(s.start) + (isEnd ? 30 : 0); m <= minutes(s.end) - (isEnd ? 0 : 30); m += 30) {
          select.appendChild(W.el('option', {value: hhmm(m), text: hhmm(m)}));
        }
      });
      startSel.value = mine.start;
      endSel.value = mine.end;
    }

    function renderChosen() {
      var box = q('[data-tzp-chosen]'), chosen = state.chosen;
      box.textContent = '';
      box.hidden = !chosen;
      if (!chosen) { return; }
      box.appendChild(W.el('h3', {text: _('The weekly live session')}));
      box.appendChild(W.el('p', {text: W.interpolate(_('%(when)s (%(zone)s)'),
        {when: chosen.local.text, zone: state.zone})}));
      if (chosen.local.changes.length) {
        box.appendChild(W.el('p', {text: _('Daylight-saving time changes the local time:')}));
        box.appendChild(W.el('ul', {'data-tzp-changes': ''}, chosen.local.changes.map(function (c) {
          return W.el('li', {text: c.text});
        })));
      }
      box.appendChild(W.el('a', {'class': 'wl-button', href: runtime.handlerUrl(element, 'calendar'),
        download: 'live-session.ics', text: _('Add to my calendar (.ics)')}));
    }

    function apply(data) {
      state = data;
      marks = (data.answer ? data.answer.grid.join('') : new Array(337).join('0')).split('');
      offered = data.offered.join('').split('');
      zoneInput.value = data.zone;
      var help = W.interpolate(_('Times are shown in %(zone)s.'), {zone: data.zone});
      if (data.answer && data.answer.converted) {
        help += ' ' + W.interpolate(_('You answered in %(zone)s; save again to keep your answer in this zone.'),
          {zone: data.answer.time_zone});
        if (data.answer.dropped) {
          help += ' ' + W.interpolate(W.ngettext('%(n)s marked slot is not offered in this zone and was left out.',
            '%(n)s marked slots are not offered in this zone and were left out.', data.answer.dropped),
          {n: data.answer.dropped});
        }
      }
      q('[data-tzp-zone-help]').textContent = help;
      fillHours();
      renderGrid();
      renderChosen();
      saveButton.disabled = !!data.closed;
      if (data.closed) { W.announce(element, _('The poll is closed.')); }
      if (data.heat_map) {
        renderHeat(q('[data-tzp-heat]'), data.heat_map, data.settings,
          W.interpolate(_('How many learners can attend each slot every week (%(zone)s)'), {zone: data.zone}),
          data.respondents);
      }
      section.setAttribute('aria-busy', 'false');
    }

    function load(payload) {
      return W.call(runtime, element, 'poll_state', payload).then(apply, function (error) {
        W.announce(element, error.message, true);
      });
    }

    function loadZones() {
      if (zonesLoaded) { return; }
      zonesLoaded = true;
      var payload = {include_zones: true, time_zone: state && state.zone};
      W.call(runtime, element, 'poll_state', payload).then(function (data) {
        var list = q('[data-tzp-zones]');
        data.zones.forEach(function (name) { list.appendChild(W.el('option', {value: name})); });
      }, function () { zonesLoaded = false; });
    }

    zoneInput.addEventListener('focus', loadZones);
    q('[data-tzp-zone-apply]').addEventListener('click', function () {
      load({time_zone: zoneInput.value.trim()});
    });
    zoneInput.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') { event.preventDefault(); load({time_zone: zoneInput.value.trim()}); }
    });
    [startSel, endSel].forEach(function (select) {
      select.addEventListener('change', function () {
        gridBox.querySelectorAll('td[data-row]').forEach(function (td) {
          var row = rows[td.getAttribute('data-row')];
          for (var h = 0; h < row.halves; h += 1) {
            if (!inHours(row.start + 30 * h)) {
              marks[Number(td.getAttribute('data-day')) * 48 + row.start / 30 + h] = '0';
            }
          }
          paintCell(td);
        });
        describe();
      });
    });
    root.addEventListener('pointerup', function () { painting = null; });
    saveButton.addEventListener('click', function () {
      var grid = [];
      for (var d = 0; d < 7; d += 1) { grid.push(marks.slice(d * 48, d * 48 + 48).join('')); }
      saveButton.disabled = true;
      W.call(runtime, element, 'save_availability', {
        time_zone: state.zone, grid: grid, hours: {start: startSel.value, end: endSel.value}
      }).then(function (data) {
        apply(data);
        W.announce(element, _('Your availability is saved.'));
        if (state.settings && !q('[data-tzp-heat]').hidden) { load({time_zone: data.zone}); }
      }, function (error) {
        W.announce(element, error.message, true);
      }).then(function () { saveButton.disabled = !!(state && state.closed); });
    });

    var browserZone = '';
    try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { browserZone = ''; }
    load({browser_zone: browserZone});
  }

  TimezonePoll.renderHeat = renderHeat;
  TimezonePoll.hhmm = hhmm;
  root.TimezonePoll = TimezonePoll;
}(window));
