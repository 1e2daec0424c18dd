/* Pitch review block, staff side: overview, allocation, dropouts, instructor review, grade, release.
   Loaded only for course staff; user text is inserted with textContent (WikiLearn.el) only. */
(function (root) {
  'use strict';
  var WL = root.WikiLearn, el = WL.el, _ = WL.gettext, fmt = WL.interpolate;

  root.PitchReviewStaff = function (runtime, element, box) {
    var P = root.PitchReviewParts;
    var section = box.querySelector('[data-staff]');
    var detail = section.querySelector('[data-detail]');
    var page = 1, overview = null, rubric = null, decisions = null, learners = [];

    function q(selector) { return section.querySelector(selector); }
    function say(message, isError) { WL.announce(box, message, isError); }
    function fail(error) { say(error.message, true); }
    // Another staff member changed the groups meanwhile: show theirs (the server kept them).
    function failAssign(error) { fail(error); if (error.code === 'allocation_changed') { loadOverview(); } }
    function basedOn() { return overview && overview.allocation ? overview.allocation.allocated_at : null; }
    function call(handler, data) { return WL.call(runtime, element, handler, data); }
    function warn(result) {
      var notes = (result.warnings || []).map(function (w) { return w.message; });
      if (notes.length) { say(notes.join(' '), true); }
    }

    function reviewerCell(item) {
      return el('ul', {'class': 'wl-plain'}, item.reviews.map(function (r) {
        var state = {pending: _('pending'), started: _('phase one sent'), done: _('done')}[r.state];
        return el('li', {text: (r.role === 'instructor' ? _('Instructor') : r.reviewer_username) + ' — ' + state});
      }));
    }

    function gradeCell(item) {
      if (!item.grade) { return _('Not graded'); }
      var text = P.levelLabel(rubric || {scale: []}, item.grade.level);
      return item.released_at ? fmt(_('%(grade)s, released'), {grade: text}) : text;
    }

    function renderOverview() {
      var rows = q('[data-rows]');
      rows.textContent = '';
      overview.items.forEach(function (item) {
        var name = item.username + (item.withdrawn ? ' (' + _('withdrawn') + ')' : '');
        rows.appendChild(el('tr', {'data-presenter': item.username}, [
          el('th', {scope: 'row', text: name}), el('td', {text: item.partner}),
          el('td', {}, [reviewerCell(item)]), el('td', {text: gradeCell(item)}),
          el('td', {}, [el('button', {type: 'button', 'class': 'wl-button wl-secondary', text: _('Open'),
            'aria-label': fmt(_('Open the pitch by %(name)s'), {name: item.username}),
            onclick: function () { openPitch(item.presenter); }})])
        ]));
      });
      var c = overview.counts;
      // Counts as "label: number" pairs (no plural forms needed); the allocation mode by its translated name.
      var modes = {auto: _('automatic'), manual: _('by hand'), instructor_only: _('instructor only')};
      q('[data-summary]').textContent = fmt(_('Pitches: %(total)s; withdrawn: %(withdrawn)s; graded: %(graded)s; ' +
        'released: %(released)s. Allocation: %(mode)s.'), {total: c.total, withdrawn: c.withdrawn, graded: c.graded,
        released: c.released, mode: overview.allocation ? modes[overview.allocation.mode] : _('none yet')});
      q('[data-page-info]').textContent = fmt(_('Page %(page)s of %(pages)s'), overview);
      q('[data-prev]').disabled = overview.page <= 1;
      q('[data-next]').disabled = overview.page >= overview.pages;
      var late = q('[data-late]');
      late.textContent = '';
      if (overview.late.length) {
        late.appendChild(el('h4', {text: _('Reviews pending past the review deadline')}));
        late.appendChild(el('ul', {}, overview.late.map(function (r) {
          return el('li', {text: fmt(_('%(reviewer)s on the pitch by %(presenter)s'),
            {reviewer: r.reviewer_username, presenter: r.presenter_username})});
        })));
      }
    }

    function loadOverview() {
      return call('staff_overview', {page: page, learners: true}).then(function (data) {
        overview = data;
        learners = data.learners;
        renderOverview();
      }, fail);
    }

    function learnerOptions(selected, exclude) {
      var options = [el('option', {value: '', text: _('(nobody)')})];
      learners.forEach(function (item) {
        if (item.presenter === exclude || item.withdrawn) { return; }
        options.push(el('option', {value: item.presenter, selected: item.presenter === selected,
          text: item.username}));
      });
      return options;
    }

    function groupEditor(pitch) {
      var peers = pitch.reviews.filter(function (r) { return r.active && r.role === 'peer'; });
      var selects = [0, 1].map(function (i) {
        return el('select', {}, learnerOptions(peers[i] ? peers[i].reviewer : '', pitch.presenter));
      });
      var slot = el('input', {type: 'datetime-local'});
      if (pitch.slot) {
        var d = new Date(pitch.slot);
        slot.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
      }
      var save = el('button', {type: 'button', 'class': 'wl-button', text: _('Save group'), onclick: function () {
        var groups = {}, slots = {};
        groups[pitch.presenter] = selects.map(function (s) { return s.value; }).filter(Boolean);
        slots[pitch.presenter] = slot.value ? new Date(slot.value).toISOString() : null;
        call('assign_reviewers', {mode: 'manual', groups: groups, slots: slots, based_on: basedOn()})
          .then(function (result) {
            say(_('Group saved.'));
            warn(result);
            refresh(pitch.presenter);
          }, failAssign);
      }});
      return el('fieldset', {}, [el('legend', {text: _('Group and presentation slot')}),
        P.labelled(_('Peer reviewer 1'), selects[0]), P.labelled(_('Peer reviewer 2'), selects[1]),
        P.labelled(_('Slot (your local time)'), slot), save]);
    }

    function gradeEditor(pitch) {
      var level = el('select', {}, [el('option', {value: '', text: _('Choose a level')})].concat(
        rubric.scale.map(function (l) {
          return el('option', {value: l.key, selected: pitch.grade && pitch.grade.level === l.key,
            text: l.label + ' (' + l.points + ')'});
        })));
      var comment = el('textarea', {maxlength: '20000'});
      comment.value = pitch.grade ? pitch.grade.comment : '';
      return el('fieldset', {}, [el('legend', {text: _('Final grade')}), P.labelled(_('Level'), level),
        P.labelled(_('Comment to the presenter'), comment),
        el('button', {type: 'button', 'class': 'wl-button', 'data-save-grade': '', text: _('Save grade'),
          onclick: function () {
            call('assess', {presenter: pitch.presenter, level: level.value, comment: comment.value,
              version: pitch.version}).then(function () { say(_('Grade saved.')); refresh(pitch.presenter); }, fail);
          }}),
        el('button', {type: 'button', 'class': 'wl-button wl-secondary', 'data-release': '',
          text: pitch.released_at ? _('Feedback released') : _('Release feedback to the presenter'),
          disabled: !!pitch.released_at, onclick: function () {
            call('release_feedback', {presenter: pitch.presenter, version: pitch.version}).then(function () {
              say(_('Feedback released.'));
              refresh(pitch.presenter);
            }, fail);
          }})]);
    }

    function renderPitch(pitch) {
      detail.textContent = '';
      var mine = pitch.reviews.filter(function (r) { return r.active && r.role === 'instructor'; })[0] ||
        {phase_one: null, phase_two: null};
      var send = function (data, form) {
        data.presenter = pitch.presenter;
        form.querySelector('button[type=submit]').disabled = true;
        call('submit_review', data).then(function () { say(_('Review saved.')); refresh(pitch.presenter); }, fail);
      };
      var others = pitch.reviews.filter(function (r) { return r.role === 'peer' && r.phase_one; });
      detail.appendChild(el('h4', {text: fmt(_('Pitch by %(name)s'), {name: pitch.username})}));
      if (pitch.slot_local) { detail.appendChild(el('p', {text: P.slotText(pitch.slot_local)})); }
      detail.appendChild(P.materials(runtime, element, pitch.history[0]));
      detail.appendChild(el('button', {type: 'button', 'class': 'wl-button wl-secondary',
        text: pitch.withdrawn ? _('Mark as active again') : _('Mark as withdrawn'), onclick: function () {
          call('set_withdrawn', {presenter: pitch.presenter, withdrawn: !pitch.withdrawn}).then(function () {
            refresh(pitch.presenter);
          }, fail);
        }}));
      detail.appendChild(groupEditor(pitch));
      others.forEach(function (r) {
        detail.appendChild(el('section', {'class': 'wl-card'}, [el('h5', {text: r.reviewer_username}),
          P.reviewView(r, rubric, decisions)]));
      });
      detail.appendChild(el('section', {'class': 'wl-card', 'data-instructor-review': ''}, [
        el('h5', {text: _('Your review as instructor')}), P.reviewForms(mine, rubric, decisions, send)]));
      detail.appendChild(gradeEditor(pitch));
      detail.dataset.version = pitch.version;
      detail.hidden = false;
    }

    function refresh(presenter) {
      loadOverview();
      return call('pitch_state', {presenter: presenter}).then(function (data) {
        rubric = data.rubric;
        renderPitch(data.pitch);
      }, fail);
    }

    function openPitch(presenter) { refresh(presenter).then(function () { detail.focus(); }); }

    // The course inbox links here with #wikilearn-learner=<presenter's anonymous id>: open that pitch.
    var wanted = /(?:^#|&)wikilearn-learner=([^&]+)/.exec(root.location.hash);
    call('pitch_state', {}).then(function (data) {
      rubric = data.rubric; decisions = data.decisions; loadOverview();
      if (wanted) { openPitch(decodeURIComponent(wanted[1])); }
    });
    q('[data-prev]').addEventListener('click', function () { page -= 1; loadOverview(); });
    q('[data-next]').addEventListener('click', function () { page += 1; loadOverview(); });
    q('[data-export]').href = runtime.handlerUrl(element, 'export_csv');
    q('[data-auto]').addEventListener('click', function () {
      var seed = parseInt(q('[data-seed]').value, 10);
      var request = {mode: 'auto', based_on: basedOn()};
      if (!isNaN(seed)) { request.seed = seed; }
      call('assign_reviewers', request).then(function (result) {
        say(result.mode === 'auto' ? _('Reviewers allocated.') : _('Instructor-only review.'));
        warn(result);
        loadOverview();
      }, failAssign);
    });
    q('[data-reassign]').addEventListener('click', function () {
      call('reassign', {}).then(function (result) {
        say(fmt(WL.ngettext('%(count)s review moved.', '%(count)s reviews moved.', result.moved.length),
          {count: result.moved.length}));
        warn(result);
        loadOverview();
      }, fail);
    });
  };
}(window));
