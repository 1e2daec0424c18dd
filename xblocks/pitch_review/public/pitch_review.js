/* Pitch review block, learner side: send pitch versions, review assigned pitches, read feedback.
   Every user-written text arrives through pitch_state and is shown with textContent (WikiLearn.el). */
(function (root) {
  'use strict';
  var WL = root.WikiLearn, el = WL.el, _ = WL.gettext, fmt = WL.interpolate;
  var uid = 0;

  function nextId(prefix) { uid += 1; return 'wl-pr-' + prefix + '-' + uid; }

  function fileUrl(runtime, element, key) {
    return runtime.handlerUrl(element, 'attachment', '', 'key=' + encodeURIComponent(key));
  }

  function labelled(labelText, control) {
    var id = nextId('f');
    control.id = id;
    return el('div', {'class': 'wl-field'}, [el('label', {'for': id, text: labelText}), control]);
  }

  function levelLabel(rubric, key) {
    var found = rubric.scale.filter(function (level) { return level.key === key; })[0];
    return found ? found.label + ' (' + found.points + ')' : key;
  }

  function decisionLabel(decisions, key) {
    var found = decisions.filter(function (d) { return d.key === key; })[0];
    return found ? found.label : key;
  }

  /* The materials of one pitch version: partner, ask, links and files. */
  function materials(runtime, element, version) {
    if (!version) { return el('p', {'class': 'wl-muted', text: _('No pitch sent yet.')}); }
    var items = version.links.map(function (link) {
      return el('li', {}, [el('a', {href: link, rel: 'noopener noreferrer', target: '_blank', text: link})]);
    }).concat(version.files.map(function (file) {
      return el('li', {}, [el('a', {href: fileUrl(runtime, element, file.key), text: file.name})]);
    }));
    return el('dl', {'class': 'wl-materials'}, [
      el('dt', {text: _('Prospective partner')}), el('dd', {dir: 'auto', text: version.partner}),
      el('dt', {text: _('The ask')}), el('dd', {'class': 'wl-text', dir: 'auto', text: version.ask}),
      el('dt', {text: _('Materials')}), el('dd', {}, [el('ul', {}, items)])
    ]);
  }

  function slotText(slot) {
    if (!slot) { return null; }
    return fmt(_('Presentation: %(time)s (%(zone)s)'), {time: slot.local, zone: slot.time_zone});
  }

  /* What a reviewer sent, both phases, read only. */
  function reviewView(review, rubric, decisions) {
    var parts = [];
    if (review.phase_one) {
      var one = review.phase_one;
      parts.push(el('h5', {text: _('As the prospective partner')}));
      parts.push(el('dl', {}, [
        el('dt', {text: _('Decision')}), el('dd', {text: decisionLabel(decisions, one.decision)}),
        el('dt', {text: _('What convinced')}), el('dd', {'class': 'wl-text', dir: 'auto', text: one.convinced || '—'}),
        el('dt', {text: _('Concerns')}), el('dd', {'class': 'wl-text', dir: 'auto', text: one.concerns || '—'}),
        el('dt', {text: _('Questions')}), el('dd', {'class': 'wl-text', dir: 'auto', text: one.questions || '—'})
      ]));
    }
    if (review.phase_two) {
      var two = review.phase_two, used = two.rubric || rubric;
      parts.push(el('h5', {text: _('As a peer')}));
      parts.push(el('div', {'class': 'wl-table-wrap'}, [el('table', {}, [
        el('thead', {}, [el('tr', {}, [el('th', {scope: 'col', text: _('Criterion')}),
          el('th', {scope: 'col', text: _('Level')}), el('th', {scope: 'col', text: _('Comment')})])]),
        el('tbody', {}, used.criteria.map(function (c) {
          return el('tr', {}, [el('th', {scope: 'row', text: c.name}),
            el('td', {text: levelLabel(used, two.levels[c.key])}),
            el('td', {'class': 'wl-text', dir: 'auto', text: two.comments[c.key] || ''})]);
        }))
      ])]));
      if (two.overall) { parts.push(el('p', {'class': 'wl-text', dir: 'auto', text: two.overall})); }
    }
    return el('div', {'class': 'wl-review-view'}, parts);
  }

  function textArea(name) { return el('textarea', {name: name, maxlength: '5000'}); }

  /* Phase one form, "as the prospective partner". */
  function phaseOneForm(decisions, onSend) {
    var legendId = nextId('legend');
    var radios = decisions.map(function (d) {
      var id = nextId('d');
      return el('div', {'class': 'wl-choice'}, [el('input', {type: 'radio', name: legendId, value: d.key, id: id}),
        el('label', {'for': id, text: d.label})]);
    });
    var convinced = textArea('convinced'), concerns = textArea('concerns'), questions = textArea('questions');
    var form = el('form', {'class': 'wl-phase-form', 'data-phase': '1'}, [
      el('h5', {text: _('Phase one: as the prospective partner')}),
      el('fieldset', {}, [el('legend', {id: legendId, text: _('Would you partner?')})].concat(radios)),
      labelled(_('What convinced you'), convinced), labelled(_('Your concerns'), concerns),
      labelled(_('Your questions'), questions),
      el('button', {type: 'submit', 'class': 'wl-button', text: _('Send phase one')})
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[type=radio]:checked');
      onSend({phase: 1, decision: chosen ? chosen.value : '', convinced: convinced.value, concerns: concerns.value,
        questions: questions.value}, form);
    });
    return form;
  }

  /* Phase two form, "as a peer": a level per criterion with a comment. */
  function phaseTwoForm(rubric, onSend) {
    var fields = rubric.criteria.map(function (c) {
      var legendId = nextId('legend');
      var radios = rubric.scale.map(function (level) {
        var id = nextId('l');
        return el('div', {'class': 'wl-choice'}, [
          el('input', {type: 'radio', name: legendId, value: level.key, id: id, 'data-criterion': c.key}),
          el('label', {'for': id, text: level.label + ' (' + level.points + ')'})]);
      });
      var comment = el('textarea', {'data-comment': c.key, maxlength: '20000'});
      return el('fieldset', {}, [el('legend', {id: legendId, text: c.name, lang: c.i18n ? c.i18n.name.lang : null,
        dir: c.i18n ? c.i18n.name.dir : null})].concat(radios,
        [labelled(fmt(_('Comment on %(criterion)s'), {criterion: c.name}), comment)]));
    });
    var overall = el('textarea', {maxlength: '20000'});
    var form = el('form', {'class': 'wl-phase-form', 'data-phase': '2'}, [
      el('h5', {text: _('Phase two: as a peer')})].concat(fields, [labelled(_('Overall comment'), overall),
      el('button', {type: 'submit', 'class': 'wl-button', text: _('Send phase two')})]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var levels = {}, comments = {};
      form.querySelectorAll('input[type=radio]:checked').forEach(function (r) { levels[r.dataset.criterion] = r.value; });
      form.querySelectorAll('[data-comment]').forEach(function (t) { comments[t.dataset.comment] = t.value; });
      onSend({phase: 2, levels: levels, comments: comments, overall: overall.value}, form);
    });
    return form;
  }

  /* The review forms for one pitch, in the order the phases open. */
  function reviewForms(review, rubric, decisions, onSend) {
    var parts = [reviewView(review, rubric, decisions)];
    if (!review.phase_one) { parts.push(phaseOneForm(decisions, onSend)); }
    if (review.phase_one && !review.phase_two) { parts.push(phaseTwoForm(rubric, onSend)); }
    if (review.phase_two) { parts.push(el('p', {'class': 'wl-badge', text: _('Review sent')})); }
    return el('div', {}, parts);
  }

  root.PitchReviewParts = {materials: materials, reviewView: reviewView, reviewForms: reviewForms,
    slotText: slotText, decisionLabel: decisionLabel, levelLabel: levelLabel, labelled: labelled};

  function PitchReview(runtime, element, args) {
    var box = element.querySelector('.wikilearn-pitch-review') || element;
    if (!args.signedIn) { return; }
    var form = box.querySelector('[data-pitch-form]');
    var files = [];
    var state = null;

    function say(message, isError) { WL.announce(box, message, isError); }
    function fail(error) { say(error.message, true); }
    function q(selector) { return box.querySelector(selector); }

    function renderFiles() {
      var list = q('[data-files]');
      list.textContent = '';
      files.forEach(function (file, index) {
        list.appendChild(el('li', {}, [file.name + ' ', el('button', {type: 'button', 'class': 'wl-link-button',
          text: _('Remove'), 'aria-label': fmt(_('Remove %(name)s'), {name: file.name}),
          onclick: function () { files.splice(index, 1); renderFiles(); }})]));
      });
    }

    function upload(input) {
      var file = input.files[0];
      if (!file) { return; }
      var body = new FormData();
      body.append('file', file);
      say(_('Uploading…'));
      fetch(runtime.handlerUrl(element, 'upload_attachment'), {method: 'POST', body: body, credentials: 'same-origin',
        headers: {'X-CSRFToken': (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || ''}})
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) { throw new Error(data.message || _('Something went wrong. Please try again.')); }
            return data;
          });
        }).then(function (descriptor) {
          files.push(descriptor);
          renderFiles();
          input.value = '';
          say(fmt(_('%(name)s uploaded.'), {name: descriptor.name}));
        }, fail);
    }

    function renderMine(mine) {
      var group = q('[data-group]'), feedback = q('[data-feedback]'), versions = q('[data-versions]');
      group.textContent = ''; feedback.textContent = ''; versions.textContent = '';
      if (!mine) { return; }
      var slot = slotText(mine.group.slot);
      if (slot) { group.appendChild(el('p', {'data-slot': '', text: slot})); }
      if (mine.group.reviewers.length) {
        group.appendChild(el('p', {text: fmt(_('Reviewed by: %(names)s'), {names: mine.group.reviewers.join(', ')})}));
      }
      if (mine.feedback) {
        var fb = mine.feedback;
        var parts = [el('h4', {text: _('Feedback on your pitch')})];
        if (fb.grade) {
          parts.push(el('p', {'class': 'wl-grade'}, [el('strong', {text: fmt(_('Final grade: %(level)s'),
            {level: levelLabel(state.rubric, fb.grade.level)})})]));
          if (fb.grade.comment) { parts.push(el('p', {'class': 'wl-text', dir: 'auto', text: fb.grade.comment})); }
        }
        fb.reviews.forEach(function (review) {
          parts.push(el('section', {'class': 'wl-card wl-received'}, [el('h5', {text: review.reviewer}),
            reviewView(review, state.rubric, state.decisions)]));
        });
        feedback.appendChild(el('div', {'data-received': ''}, parts));
      } else if (mine.versions.length) {
        feedback.appendChild(el('p', {'class': 'wl-muted', text: _('Feedback appears here once the instructor releases it.')}));
      }
      var latest = mine.versions[0];
      versions.appendChild(el('h4', {text: fmt(_('Version %(number)s (latest)'), {number: latest.number})}));
      versions.appendChild(materials(runtime, element, latest));
      if (mine.versions.length > 1) {
        versions.appendChild(el('details', {}, [el('summary', {text: _('Earlier versions')})].concat(
          mine.versions.slice(1).map(function (v) {
            return el('div', {}, [el('h5', {text: fmt(_('Version %(number)s'), {number: v.number})}),
              materials(runtime, element, v)]);
          }))));
      }
    }

    /* The review list is redrawn after each phase: keep keyboard users on that pitch (phase two, or its heading). */
    function focusTask(name, phase) {
      var card = [].filter.call(element.querySelectorAll('[data-task]'), function (c) {
        return c.getAttribute('data-task') === name; })[0];
      var target = card && (phase === 1 && card.querySelector('[data-phase="2"] input') ||
        card.querySelector('summary') || card.querySelector('h4'));
      if (!target) { return; }
      if (target.tagName === 'H4') { target.setAttribute('tabindex', '-1'); }
      target.focus();
    }

    /* Where a review stands, as the task list and its index show it. */
    function taskStatus(task) {
      if (task.phase_two) { return _('Review sent'); }
      return task.phase_one ? _('Phase two to do') : _('Phase one to do');
    }

    /* A reviewer with several pitches gets an index (each pitch and where its review stands) and the
       pitches already reviewed folded, so the page stays as long as the work still to do. */
    function taskIndex(tasks, ids) {
      return el('nav', {'class': 'wl-task-index', 'aria-label': _('Pitches to review')}, [
        el('ul', {}, tasks.map(function (task, index) {
          return el('li', {}, [el('a', {href: '#' + ids[index], text: fmt(_('Pitch by %(name)s'),
            {name: task.presenter_username}), onclick: function () {
            var folded = document.getElementById(ids[index]).querySelector('details');
            if (folded) { folded.open = true; }
          }}), ' ', el('span', {'class': 'wl-muted', text: taskStatus(task)})]);
        }))]);
    }

    function renderReviews(tasks) {
      var list = q('[data-reviews]');
      list.textContent = '';
      if (!tasks.length) {
        list.appendChild(el('p', {'class': 'wl-muted', text: state.instructor_only
          ? _('Fewer than three learners submitted, so the instructor reviews every pitch.')
          : _('No pitch is assigned to you for review yet.')}));
        return;
      }
      var ids = tasks.map(function () { return nextId('task'); });
      if (tasks.length > 1) { list.appendChild(taskIndex(tasks, ids)); }
      tasks.forEach(function (task, index) {
        var send = function (data, sentForm) {
          data.presenter = task.presenter;
          var button = sentForm.querySelector('button[type=submit]');
          button.disabled = true;
          WL.call(runtime, element, 'submit_review', data).then(function () {
            say(data.phase === 1 ? _('Phase one sent. Phase two is open.') : _('Phase two sent. Thank you!'));
            load().then(function () { focusTask(task.presenter_username, data.phase); });
          }, function (error) { button.disabled = false; fail(error); });
        };
        var slot = slotText(task.slot);
        var title = el('h4', {text: fmt(_('Pitch by %(name)s'), {name: task.presenter_username})});
        var body = [slot ? el('p', {text: slot}) : null, materials(runtime, element, task.pitch),
          reviewForms(task, state.rubric, state.decisions, send)];
        var card = el('article', {'class': 'wl-card wl-task', id: ids[index], 'data-task': task.presenter_username},
          task.phase_two
            ? [el('details', {}, [el('summary', {}, [title, ' ', el('span', {'class': 'wl-badge', text: taskStatus(task)})])]
              .concat(body))]
            : [title].concat(body));
        list.appendChild(card);
      });
    }

    function render() {
      var deadline = state.submission_deadline;
      // In the reader's language and the browser's time zone, which the date names (WL.dateTime).
      q('[data-deadline]').textContent = deadline ? fmt(_('You can edit your pitch until %(date)s.'),
        {date: WL.dateTime(deadline, element, {weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
          hour: 'numeric', minute: '2-digit', timeZoneName: 'short'})}) : '';
      form.hidden = !state.can_edit;
      renderMine(state.my_pitch);
      renderReviews(state.reviews);
      var latest = state.my_pitch && state.my_pitch.versions[0];
      if (latest && !form.dataset.filled) {
        form.dataset.filled = '1';
        q('[data-partner]').value = latest.partner;
        q('[data-ask]').value = latest.ask;
        q('[data-links]').value = latest.links.join('\n');
        files = latest.files.slice();
        renderFiles();
      }
    }

    function load() {
      return WL.call(runtime, element, 'pitch_state', {}).then(function (data) { state = data; render(); }, fail);
    }

    if (args.staff && root.PitchReviewStaff) { root.PitchReviewStaff(runtime, element, box); }
    if (!form) { return; }
    q('[data-file]').addEventListener('change', function (event) { upload(event.target); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = q('[data-send-pitch]');
      button.disabled = true;
      WL.call(runtime, element, 'submit_pitch', {
        partner: q('[data-partner]').value, ask: q('[data-ask]').value, files: files,
        links: q('[data-links]').value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean)
      }).then(function (result) {
        button.disabled = false;
        say(fmt(_('Version %(number)s of your pitch was sent.'), {number: result.version}));
        load();
      }, function (error) { button.disabled = false; fail(error); });
    });
    load();
  }

  root.PitchReview = PitchReview;
}(window));
