/* Rubric block, staff side: grading queue, a learner's attempts, levels and feedback, CSV. */
function RubricStaff(runtime, element) {
  'use strict';
  /* lang/dir of a criterion's name or description in the reader's language (content translations). */
  function langOf(c, part, attrs) {
    var seen = c.i18n && c.i18n[part];
    if (seen) { attrs.lang = seen.lang; attrs.dir = seen.dir; }
    return attrs;
  }
  var WL = window.WikiLearn, el = WL.el, _ = WL.gettext;
  var root = element.querySelector('.wikilearn-rubric') || element;
  var queue = root.querySelector('[data-queue]');
  var panel = root.querySelector('[data-submission]');
  var filter = root.querySelector('[data-filter]');
  // Pages are walked with the cursors the queue hands out (API.md): cursors[k] opens page k + 1.
  var state = {page: 1, cursors: [null]};
  var STATES = {waiting: _('Waiting'), resubmitted: _('Resubmitted'), graded: _('Graded')};

  function say(message, isError) { WL.announce(root, message, isError); }
  function fail(error) { say(error.message, true); }
  function call(handler, data) { return WL.call(runtime, element, handler, data); }
  function when(iso) { return WL.dateTime(iso, element); }

  function loadQueue() {
    // A cursor belongs to the filter it was handed out for: while a page loads, paging waits, and only the
    // answer to the latest request is shown (a filter change while an older page is on its way).
    var page = state.page, serial = (state.serial || 0) + 1, cursor = state.cursors[page - 1];
    var request = cursor ? {filter: filter.value, cursor: cursor} : {filter: filter.value};
    state.serial = serial;
    root.querySelector('[data-prev]').disabled = true;
    root.querySelector('[data-next]').disabled = true;
    return call('staff_queue', request).then(function (body) {
      if (serial !== state.serial) { return; }
      state.cursors[page] = body.next_cursor;
      var rows = root.querySelector('[data-queue-rows]');
      rows.textContent = '';
      body.items.forEach(function (item) {
        var grade = item.points === null ? (item.assessment_status === 'draft' ? _('Draft') : '') :
          item.points + ' / ' + item.max_points;
        rows.appendChild(el('tr', {}, [
          el('th', {scope: 'row', text: item.username || item.learner}),
          el('td', {text: String(item.attempt)}), el('td', {text: STATES[item.state] || item.state}),
          el('td', {text: when(item.submitted_at)}), el('td', {text: grade}),
          el('td', {}, [el('button', {type: 'button', 'class': 'wl-button wl-secondary', text: _('Open'),
            'aria-label': WL.interpolate(_('Open the submission of %(name)s'), {name: item.username}),
            onclick: function () { openSubmission(item.learner); }})])
        ]));
      });
      if (!body.items.length) { rows.appendChild(el('tr', {}, [el('td', {colspan: '6', text: _('Nothing here.')})])); }
      root.querySelector('[data-page-info]').textContent = WL.interpolate(_('Page %(page)s of %(pages)s (%(total)s)'),
        {page: body.page, pages: body.pages, total: body.total});
      root.querySelector('[data-prev]').disabled = body.page <= 1;
      root.querySelector('[data-next]').disabled = !body.next_cursor;
    }, function (error) {
      if (serial !== state.serial) { return; }
      root.querySelector('[data-prev]').disabled = page <= 1;
      fail(error);
    });
  }

  function levelName(rubric, key) {
    var level = rubric.scale.filter(function (l) { return l.key === key; })[0];
    return level ? _(level.label) : (key || '—');
  }

  function pastAssessment(a) {
    return el('div', {'class': 'wl-feedback'}, [
      el('p', {text: (a.status === 'released' ? _('Released') : _('Draft')) +
        (a.points === null ? '' : ' · ' + a.points + ' / ' + a.max_points)}),
      el('dl', {'class': 'wl-summary'}, [].concat.apply([], a.rubric.criteria.map(function (c) {
        // The level and the written feedback of one criterion, never run together.
        return [el('dt', {text: _(c.name)}), el('dd', {}, [el('span', {'class': 'wl-level-name', text: levelName(a.rubric,
          a.levels[c.key])}), a.feedback[c.key] ? el('p', {'class': 'wl-text', text: a.feedback[c.key]}) : null])];
      }))),
      a.overall_feedback ? el('p', {'class': 'wl-text', text: a.overall_feedback}) : null
    ]);
  }

  function attemptView(attempt, learner) {
    return el('article', {'class': 'wl-card wl-attempt'}, [
      el('h4', {text: WL.interpolate(_('Attempt %(n)s'), {n: attempt.attempt}) + ' · ' + when(attempt.submitted_at)}),
      el('div', {'class': 'wl-text wl-answer', text: attempt.answer}),
      el('ul', {}, attempt.links.map(function (href) {
        return el('li', {}, [el('a', {href: href, rel: 'noopener noreferrer nofollow', target: '_blank', text: href})]);
      }).concat(attempt.attachments.map(function (file) {
        return el('li', {}, [el('a', {text: file.name,
          href: runtime.handlerUrl(element, 'attachment', '', 'key=' + encodeURIComponent(file.key))})]);
      }))),
      attempt.assessment ? pastAssessment(attempt.assessment) : null
    ]);
  }

  function assessForm(detail) {
    var attempt = detail.attempts[detail.attempts.length - 1];
    var current = attempt.assessment;
    var rubric = current ? current.rubric : detail.rubric;
    var version = current ? current.version : 0;
    var uid = 'wl-' + Math.random().toString(36).slice(2);
    var fieldsets = rubric.criteria.map(function (c, index) {
      var name = uid + '-c' + index;
      var options = rubric.scale.map(function (level) {
        var id = name + '-' + level.key;
        return el('span', {'class': 'wl-level'}, [
          el('input', {type: 'radio', name: name, id: id, value: level.key, 'data-criterion': c.key,
            checked: current && current.levels[c.key] === level.key}),
          el('label', {'for': id, text: _(level.label) + ' (' + level.points + ')'})]);
      });
      return el('fieldset', {'class': 'wl-criterion'}, [
        el('legend', {}, [el('span', langOf(c, 'name', {text: _(c.name)})),
          c.feedback === 'required' ? ' ' + _('(feedback required)') : null]),
        c.description ? el('p', langOf(c, 'description', {'class': 'wl-muted', text: _(c.description)})) : null,
        el('div', {'class': 'wl-levels'}, options),
        el('label', {'for': name + '-fb', text: _('Feedback')}),
        el('textarea', {id: name + '-fb', 'data-feedback': c.key, text: current ? current.feedback[c.key] || '' : ''})
      ]);
    });
    var overall = el('textarea', {id: uid + '-overall', text: current ? current.overall_feedback : ''});
    var form = el('form', {'class': 'wl-assess'}, [
      el('h4', {text: WL.interpolate(_('Assess attempt %(n)s'), {n: attempt.attempt})})
    ].concat(fieldsets, [
      el('label', {'for': uid + '-overall', text: _('Overall feedback')}), overall,
      el('button', {type: 'button', 'class': 'wl-button wl-secondary', text: _('Save draft'),
        onclick: function () { send(false); }}),
      el('button', {type: 'submit', 'class': 'wl-button', text: _('Release to learner')})
    ]));
    function send(release) {
      var levels = {}, feedback = {};
      form.querySelectorAll('input[type=radio]:checked').forEach(function (i) { levels[i.getAttribute('data-criterion')] = i.value; });
      form.querySelectorAll('[data-feedback]').forEach(function (t) { feedback[t.getAttribute('data-feedback')] = t.value; });
      call('assess', {learner: detail.learner, attempt: attempt.attempt, version: version, levels: levels,
        feedback: feedback, overall_feedback: overall.value, release: release}).then(function (body) {
        version = body.assessment.version;
        say(release ? _('Feedback released to the learner.') : _('Draft saved.'));
        if (release) { openSubmission(detail.learner, true); }
      }, function (error) {
        say(error.code === 'stale_version' ? error.message + ' ' + _('Your text is still in the form.') : error.message, true);
      });
    }
    form.addEventListener('submit', function (event) { event.preventDefault(); send(true); });
    return form;
  }

  function openSubmission(learner, keepStatus) {
    return call('staff_submission', {learner: learner}).then(function (detail) {
      panel.textContent = '';
      var back = el('button', {type: 'button', 'class': 'wl-button wl-secondary', text: _('Back to the queue'),
        onclick: function () { panel.hidden = true; queue.hidden = false; loadQueue(); }});
      var heading = el('h3', {tabindex: '-1', text: detail.username || detail.learner});
      panel.appendChild(back);
      panel.appendChild(heading);
      detail.attempts.slice().reverse().forEach(function (a) { panel.appendChild(attemptView(a, learner)); });
      panel.appendChild(assessForm(detail));
      queue.hidden = true;
      panel.hidden = false;
      heading.focus();
      if (!keepStatus) { say(WL.interpolate(_('Submission of %(name)s opened.'), {name: detail.username})); }
    }, fail);
  }

  filter.addEventListener('change', function () { state.page = 1; state.cursors = [null]; loadQueue(); });
  root.querySelector('[data-prev]').addEventListener('click', function () { state.page -= 1; loadQueue(); });
  root.querySelector('[data-next]').addEventListener('click', function () { state.page += 1; loadQueue(); });
  root.querySelector('[data-export]').setAttribute('href', runtime.handlerUrl(element, 'export_csv'));
  root.querySelector('[data-recompute]').addEventListener('click', function () {
    call('recompute_grades', {}).then(function (body) {
      say(WL.interpolate(WL.ngettext('%(n)s grade changed.', '%(n)s grades changed.', body.changed),
        {n: body.changed}));
      loadQueue();
    }, fail);
  });
  root.querySelector('[data-import]').addEventListener('click', function () {
    var input = root.querySelector('[data-import-file]');
    if (!input.files.length) { say(_('Choose a CSV file first.'), true); return; }
    input.files[0].text().then(function (text) { return call('import_csv', {csv: text}); }).then(function (body) {
      var report = root.querySelector('[data-import-report]');
      report.textContent = '';
      report.appendChild(el('p', {text: [
        WL.interpolate(WL.ngettext('%(n)s row applied.', '%(n)s rows applied.', body.applied), {n: body.applied}),
        WL.interpolate(WL.ngettext('%(n)s row rejected.', '%(n)s rows rejected.', body.rejected.length),
          {n: body.rejected.length})].join(' ')}));
      report.appendChild(el('ul', {}, body.rejected.map(function (row) {
        return el('li', {text: WL.interpolate(_('Line %(line)s: %(message)s'), row)});
      })));
      say(_('Import finished.'));
      loadQueue();
    }, fail);
  });
  loadQueue();
  // The course inbox links here with #wikilearn-learner=<anonymous id>: open that learner's submission.
  var wanted = /(?:^#|&)wikilearn-learner=([^&]+)/.exec(window.location.hash);
  if (wanted) { openSubmission(decodeURIComponent(wanted[1])); }
}
