/* Rubric block, learner side: autosaved draft, submit, attempts with released feedback. */
function RubricLearner(runtime, element, args) {
  'use strict';
  var WL = window.WikiLearn, el = WL.el, _ = WL.gettext;
  var root = element.querySelector('.wikilearn-rubric') || element;
  var form = root.querySelector('[data-form]');
  if (!form || !args.signedIn) { return; }
  var answer = form.querySelector('[data-answer]');
  var links = form.querySelector('[data-links]');
  var fileInput = form.querySelector('[data-file]');
  var fileList = form.querySelector('[data-files]');
  var draftInfo = form.querySelector('[data-draft-info]');
  var files = [];
  var timer = null;
  var dirty = false;
  var current = {};
  var consents = {};

  function say(message, isError) { WL.announce(root, message, isError); }
  function fail(error) { say(error.message, true); }
  function linkValues() {
    return links ? links.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean) : [];
  }
  function payload() { return {answer: answer.value, links: linkValues(), attachments: files}; }
  function fileUrl(key) { return runtime.handlerUrl(element, 'attachment', '', 'key=' + encodeURIComponent(key)); }

  function renderFiles() {
    if (!fileList) { return; }
    fileList.textContent = '';
    files.forEach(function (file, index) {
      fileList.appendChild(el('li', {}, [file.name + ' ', el('button', {
        type: 'button', 'class': 'wl-link-button', text: _('Remove'),
        'aria-label': WL.interpolate(_('Remove %(name)s'), {name: file.name}),
        onclick: function () { files.splice(index, 1); renderFiles(); scheduleSave(); }
      })]));
    });
  }

  function levelLabel(rubric, key) {
    var found = rubric.scale.filter(function (level) { return level.key === key; })[0];
    return found ? _(found.label) + ' (' + found.points + ')' : key;
  }

  /* The criterion's current name in the reader's language (by key), else the name it was graded under. */
  function shownName(criterion) {
    var now = current[criterion.key];
    var seen = now && now.i18n && now.i18n.name;
    return seen ? {scope: 'row', text: now.name, lang: seen.lang, dir: seen.dir} : {scope: 'row', text: _(criterion.name)};
  }

  function feedbackView(assessment) {
    var rubric = assessment.rubric;
    var rows = rubric.criteria.map(function (criterion) {
      return el('tr', {}, [
        el('th', shownName(criterion)),
        el('td', {text: levelLabel(rubric, assessment.levels[criterion.key])}),
        el('td', {'class': 'wl-text', text: assessment.feedback[criterion.key] || ''})
      ]);
    });
    return el('div', {'class': 'wl-feedback'}, [
      el('p', {'class': 'wl-grade'}, [
        el('strong', {text: WL.interpolate(_('Grade: %(points)s of %(max)s points'),
          {points: assessment.points, max: assessment.max_points})}), ' ',
        el('span', {'class': 'wl-badge', text: assessment.passed ? _('Meets the passing rule') : _('Below the passing rule')})
      ]),
      el('div', {'class': 'wl-table-wrap'}, [el('table', {}, [
        el('thead', {}, [el('tr', {}, [el('th', {scope: 'col', text: _('Criterion')}),
          el('th', {scope: 'col', text: _('Level')}), el('th', {scope: 'col', text: _('Feedback')})])]),
        el('tbody', {}, rows)
      ])]),
      assessment.overall_feedback ? el('div', {}, [el('h5', {text: _('Overall feedback')}),
        el('p', {'class': 'wl-text', text: assessment.overall_feedback})]) : null
    ]);
  }

  /* The learner's consent to show this attempt to the cohort (course showcase); withdrawn at any time. */
  function consentControl(attempt) {
    var key = String(attempt.attempt);
    var state = consents[key] || {};
    var id = 'wl-consent-' + Math.random().toString(36).slice(2);
    var box = el('input', {type: 'checkbox', id: id, checked: !!state.consented});
    box.addEventListener('change', function () {
      box.disabled = true;
      WL.call(runtime, element, 'set_showcase_consent', {attempt: attempt.attempt, allowed: box.checked})
        .then(function (body) {
          consents[key] = body;
          say(body.consented ? _('Your answer may now be shown to your cohort.') :
            _('Your answer is no longer shown to your cohort.'));
        }, function (error) { box.checked = !box.checked; fail(error); })
        .then(function () { box.disabled = false; });
    });
    return el('p', {'class': 'wl-consent'}, [box, ' ', el('label', {'for': id, 'class': 'wl-inline',
      text: _('Let the course team show this answer to my cohort in the course showcase (never the grade or ' +
        'feedback)')}), state.showcased ? el('span', {'class': 'wl-badge', text: _('In the showcase')}) : null]);
  }

  function attemptView(attempt) {
    return el('article', {'class': 'wl-card wl-attempt'}, [
      el('h4', {text: WL.interpolate(_('Attempt %(n)s'), {n: attempt.attempt})}),
      el('p', {'class': 'wl-muted', text: WL.dateTime(attempt.submitted_at, element)}),
      el('div', {'class': 'wl-text wl-answer', dir: 'auto', text: attempt.answer}),
      attempt.links.length ? el('ul', {}, attempt.links.map(function (href) {
        return el('li', {}, [el('a', {href: href, rel: 'noopener noreferrer nofollow', target: '_blank', text: href})]);
      })) : null,
      attempt.attachments.length ? el('ul', {}, attempt.attachments.map(function (file) {
        return el('li', {}, [el('a', {href: fileUrl(file.key), text: file.name})]);
      })) : null,
      attempt.assessment ? feedbackView(attempt.assessment) : el('p', {'class': 'wl-badge', text: _('Awaiting feedback')}),
      consentControl(attempt)
    ]);
  }

  function render(state) {
    consents = state.showcase || {};
    current = {};
    (state.rubric ? state.rubric.criteria : []).forEach(function (c) { current[c.key] = c; });
    var history = root.querySelector('[data-history]');
    history.textContent = '';
    if (state.attempts.length) {
      history.appendChild(el('h3', {text: _('Your attempts')}));
      state.attempts.slice().reverse().forEach(function (a) { history.appendChild(attemptView(a)); });
    }
    var phase = root.querySelector('[data-phase]');
    var last = state.attempts[state.attempts.length - 1];
    if (state.phase === 'awaiting_feedback') {
      phase.textContent = _('This attempt is awaiting feedback from the course team; it will appear with the attempt below.');
    } else if (state.can_submit && last) {
      phase.textContent = _('Feedback is ready. You can revise your answer and resubmit it.');
    } else {
      phase.textContent = state.refusal ? state.refusal.message : '';
    }
    form.hidden = !state.can_submit;
    form.querySelector('[data-form-title]').textContent = last ? _('Revise and resubmit') : _('Your answer');
    if (state.attempts_left !== null && state.can_submit) {
      draftInfo.textContent = WL.interpolate(WL.ngettext('%(n)s attempt left.', '%(n)s attempts left.',
        state.attempts_left), {n: state.attempts_left});
    }
    var source = state.draft || (last ? {answer: last.answer, links: last.links, attachments: last.attachments} : null);
    if (source && !dirty) {
      answer.value = source.answer;
      if (links) { links.value = source.links.join('\n'); }
      files = source.attachments.slice();
      renderFiles();
    }
  }

  function load() { return WL.call(runtime, element, 'learner_state', {}).then(render, fail); }

  function saveDraft() {
    timer = null;
    return WL.call(runtime, element, 'save_draft', payload()).then(function (body) {
      dirty = false;
      draftInfo.textContent = WL.interpolate(_('Draft saved at %(time)s.'),
        {time: WL.dateTime(body.saved_at, element, {timeStyle: 'short'})});
    }, fail);
  }

  function scheduleSave() {
    dirty = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(saveDraft, 2000);
  }

  answer.addEventListener('input', scheduleSave);
  // Leaving the page (or switching away on a phone) saves what was typed since the last autosave.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && timer) { window.clearTimeout(timer); saveDraft(); }
  });
  if (links) { links.addEventListener('input', scheduleSave); }
  form.querySelector('[data-save]').addEventListener('click', function () {
    saveDraft().then(function () { say(_('Draft saved.')); });
  });
  if (fileInput) {
    fileInput.addEventListener('change', function () {
      if (!fileInput.files.length) { return; }
      var data = new FormData();
      data.append('file', fileInput.files[0]);
      var token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || '';
      say(_('Uploading…'));
      fetch(runtime.handlerUrl(element, 'upload_attachment'), {method: 'POST', body: data, credentials: 'same-origin',
        headers: {'X-CSRFToken': decodeURIComponent(token)}}).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.message); }
          files.push(body);
          renderFiles();
          fileInput.value = '';
          say(WL.interpolate(_('%(name)s attached.'), {name: body.name}));
          scheduleSave();
        });
      }).catch(fail);
    });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (timer) { window.clearTimeout(timer); timer = null; }
    var button = form.querySelector('[data-submit]');
    button.disabled = true;
    WL.call(runtime, element, 'submit', payload()).then(function () {
      dirty = false;
      return load().then(function () {
        // The status says what just happened; the phase line (focused: the button went away) says what
        // comes next, so the two lines never repeat each other.
        say(_('Your answer was submitted.'));
        var phase = root.querySelector('[data-phase]');
        phase.setAttribute('tabindex', '-1');
        phase.focus();
      });
    }, fail).then(function () { button.disabled = false; });
  });
  load();
}
