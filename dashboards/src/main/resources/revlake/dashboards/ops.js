/*
 * RevLake operations page: the jobs from /api/v1/jobs (role analyst) with their last run and next fire time, the
 * attempts of the selected job from /api/v1/jobs/{id}/runs with a chart of their durations, and a "Run now" button
 * that POSTs /api/v1/jobs/{id}/run (role admin; 409 while the job runs), and the data-quality checks of the latest
 * transform run from /api/v1/quality, failures first and highlighted. Refreshes every 5 s while a job runs.
 * Exposes window.revlake = {jobs, runs, selected, lastRunId, quality} and sets <body data-ready="true"> after each
 * render.
 */
(function () {
  'use strict';

  var api = window.RevLakeApi;
  var statusEl = document.getElementById('status');
  var jobsBody = document.querySelector('#jobs tbody');
  var runsBody = document.querySelector('#runs tbody');
  var qualityBody = document.querySelector('#quality tbody');
  var chartEl = document.getElementById('durations');
  var chart = null;
  var selected = new URLSearchParams(window.location.search).get('job');
  var state = { jobs: [], runs: [], selected: null, lastRunId: null, quality: null };
  var timer = null;
  var COLORS = { succeeded: '#1e8c5a', failed: '#c0392b', timed_out: '#c0392b', running: '#2f6fde', skipped_locked: '#e8a33d', abandoned: '#7f8c8d' };

  function setState(kind, message) {
    document.body.dataset.state = kind;
    statusEl.hidden = !message;
    statusEl.textContent = message || '';
    if (message) { statusEl.dataset.kind = kind; } else { delete statusEl.dataset.kind; }
  }

  function when(iso) {
    if (!iso) { return '–'; }
    var d = new Date(iso);
    return d.toISOString().replace('T', ' ').substring(0, 19) + ' UTC';
  }

  function took(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    if (seconds < 60) { return seconds.toFixed(1) + ' s'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s'; }
    return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
  }

  function integer(n) {
    return n === null || n === undefined ? '–' : new Intl.NumberFormat('en-US').format(n);
  }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined || text === '' ? '–' : text;
    if (className) { td.className = className; }
    tr.appendChild(td);
    return td;
  }

  function badge(tr, status) {
    var td = document.createElement('td');
    if (status) {
      var span = document.createElement('span');
      span.className = 'badge';
      span.dataset.status = status;
      span.textContent = status.replace('_', ' ');
      td.appendChild(span);
    } else {
      td.textContent = 'never run';
      td.className = 'muted';
    }
    tr.appendChild(td);
  }

  function renderJobs(data) {
    jobsBody.textContent = '';
    data.jobs.forEach(function (job) {
      var tr = document.createElement('tr');
      tr.dataset.job = job.id;
      tr.setAttribute('aria-selected', String(job.id === selected));
      var last = job.last_run;
      var running = job.running_run_id || (last && last.status === 'running');
      cell(tr, job.id);
      cell(tr, job.depends_on.join(', '), 'muted');
      cell(tr, job.schedule ? job.schedule + (job.time_zone && job.time_zone !== 'Z' ? ' (' + job.time_zone + ')' : '') : 'manual');
      cell(tr, when(job.next_run_at));
      cell(tr, last ? when(last.started_at) : null);
      badge(tr, running ? 'running' : last && last.status);
      cell(tr, last ? took(last.duration_seconds) : null, 'num');
      var td = document.createElement('td');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'run-now';
      button.textContent = 'Run now';
      button.dataset.job = job.id;
      button.disabled = !job.runnable || Boolean(running);
      button.title = job.runnable ? (running ? 'running' : 'Start a run (admin)') : job.problem;
      button.addEventListener('click', function (event) {
        event.stopPropagation();
        trigger(job.id, button);
      });
      td.appendChild(button);
      tr.appendChild(td);
      tr.addEventListener('click', function () {
        selected = job.id;
        var url = new URL(window.location.href);
        url.searchParams.set('job', job.id);
        window.history.replaceState(window.history.state, '', url.pathname + url.search);
        refresh();
      });
      jobsBody.appendChild(tr);
    });
    var config = document.getElementById('config');
    config.textContent = data.config_problem ? 'Jobs file problem: ' + data.config_problem
      : (data.config_file ? 'Configured in ' + data.config_file : 'No jobs file') + (data.pipeline_configured ? ''
        : ' · no pipeline command: start the server with ./revlake serve');
  }

  function renderRuns(runs) {
    runsBody.textContent = '';
    runs.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.run = r.run_id;
      tr.dataset.status = r.status;
      cell(tr, when(r.started_at));
      cell(tr, took(r.duration_seconds), 'num');
      badge(tr, r.status);
      cell(tr, r.trigger + (r.parent_run_id ? ' (step of all)' : ''));
      cell(tr, r.attempt, 'num');
      cell(tr, integer(r.rows_in), 'num');
      cell(tr, integer(r.rows_out), 'num');
      cell(tr, r.error, r.error ? 'error' : 'muted');
      runsBody.appendChild(tr);
    });
    if (runs.length === 0) {
      var tr = document.createElement('tr');
      var td = cell(tr, 'No runs of ' + state.selected + ' yet', 'muted');
      td.colSpan = 8;
      runsBody.appendChild(tr);
    }
    document.getElementById('runs-title').textContent = 'Runs of ' + state.selected;
    renderChart(runs);
  }

  function renderQuality(q) {
    qualityBody.textContent = '';
    var summary = document.getElementById('quality-summary');
    if (!q.run_id) {
      summary.textContent = 'No checks recorded yet: they run with each transform.';
      return;
    }
    var served = q.served_publication;
    summary.textContent = 'Run ' + q.run_id + ' checked ' + when(q.checked_at) + ': ' + q.checks + ' checks, '
      + q.failed_blocking + ' blocking and ' + q.failed_warning + ' warning failures · '
      + (q.published ? 'published and served' : (served ? 'not published; serving run ' + served.run_id
        + ' (published ' + when(served.published_at) + ')' : 'not published'));
    summary.dataset.passed = String(q.passed);
    q.results.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.failed = String(!r.passed);
      tr.dataset.severity = r.severity;
      cell(tr, r.table);
      cell(tr, r.version, 'num');
      cell(tr, r.check, 'check');
      cell(tr, r.severity);
      badge(tr, r.passed ? 'succeeded' : (r.severity === 'blocking' ? 'failed' : 'skipped_locked'));
      tr.lastChild.firstChild.textContent = r.passed ? 'passed' : 'failed';
      cell(tr, integer(r.failing_rows), 'num');
      cell(tr, r.passed ? '' : r.failing_sample, r.passed ? 'muted' : 'sample');
      qualityBody.appendChild(tr);
    });
  }

  function renderChart(runs) {
    if (!window.echarts) { return; }
    if (!chart) { chart = window.echarts.init(chartEl); }
    var ordered = runs.slice().reverse();
    chart.setOption({
      grid: { left: 56, right: 16, top: 32, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: ordered.map(function (r) { return when(r.started_at).substring(5, 16); }) },
      yAxis: { type: 'value', name: 'seconds' },
      series: [{
        type: 'bar', name: 'duration', barMaxWidth: 40,
        data: ordered.map(function (r) {
          return { value: Number(r.duration_seconds.toFixed(1)), itemStyle: { color: COLORS[r.status] || '#8a97a8' } };
        })
      }]
    }, true);
  }

  function trigger(job, button) {
    var headers = { Accept: 'application/json' };
    var token = api.token();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    button.disabled = true;
    fetch('/api/v1/jobs/' + encodeURIComponent(job) + '/run', { method: 'POST', headers: headers }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) {
          throw new api.ApiError(response.status, body, null);
        }
        return body;
      });
    }).then(function (body) {
      state.lastRunId = body.run_id;
      selected = job;
      setState('ready', 'Started ' + job + ' (run ' + body.run_id + ')');
      refresh();
    }).catch(function (error) {
      var message = error && error.status === 403 ? 'Starting a run needs an admin token; open this page as /ops.html?token=ADMIN_TOKEN.'
        : (error && error.message ? error.message : String(error));
      setState('error', message);
      button.disabled = false;
      document.body.dataset.ready = 'true';
    });
  }

  function refresh() {
    document.body.dataset.ready = 'false';
    if (timer) { clearTimeout(timer); timer = null; }
    api.fetchJson('/api/v1/jobs').then(function (data) {
      if (!selected || !data.jobs.some(function (j) { return j.id === selected; })) {
        selected = data.jobs.length ? data.jobs[data.jobs.length - 1].id : null;
      }
      state.jobs = data.jobs;
      state.selected = selected;
      renderJobs(data);
      return Promise.all([api.fetchJson('/api/v1/jobs/' + encodeURIComponent(selected) + '/runs?limit=50'),
        api.fetchJson('/api/v1/quality')]).then(function (answers) {
        var runs = answers[0];
        state.runs = runs.runs;
        state.quality = answers[1];
        renderRuns(runs.runs);
        renderQuality(answers[1]);
        window.revlake = state;
        if (statusEl.dataset.kind !== 'error' && !statusEl.textContent.startsWith('Started')) { setState('ready', null); }
        document.body.dataset.ready = 'true';
        var busy = data.jobs.some(function (j) { return j.running_run_id || (j.last_run && j.last_run.status === 'running'); });
        if (busy) { timer = setTimeout(refresh, 5000); }
      });
    }).catch(function (error) {
      window.revlake = { jobs: [], runs: [], error: error && error.body ? error.body : String(error) };
      setState('error', error && error.message ? error.message : String(error));
      document.body.dataset.ready = 'true';
    });
  }

  setState('loading', 'Loading…');
  refresh();
}());
