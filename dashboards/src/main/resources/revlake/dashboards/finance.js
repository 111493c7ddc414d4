/*
 * RevLake finance dashboard. Every number comes from the API (/api/v1/finance/*): AR aging stacked by bucket over
 * month ends and at a chosen month end, DSO and CEI, RPO / cRPO / backlog, the deferred revenue roll-forward and the
 * revenue waterfall. Shared filters live in the URL: from, to (months), aging (a month end), rows (billing|booking).
 * A click on an AR aging bar or a DSO point lists the open invoices behind it (analyst role).
 * After each render the page exposes what it plotted on window.revlake and sets <body data-ready="true">.
 */
(function () {
  'use strict';

  var api = window.RevLakeApi;
  var ui = window.RevLakeUi;
  var DEFAULT_MONTHS = 12;
  var MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
  var BUCKET_COLORS = ['#1e8c5a', '#8cc084', '#f1c453', '#e8a33d', '#e0703a', '#c0392b', '#7d2a21'];

  var el = {
    from: document.getElementById('period-from'),
    to: document.getElementById('period-to'),
    period: document.getElementById('period'),
    agingDate: document.getElementById('aging-date'),
    subtitle: document.getElementById('subtitle'),
    rowsToggle: document.querySelectorAll('[data-rows]')
  };
  var months = [];
  var loadSeq = 0;
  var data = {};

  function kpi(id, value, note) {
    var tile = document.getElementById(id);
    tile.querySelector('[data-field="value"]').textContent = value;
    tile.querySelector('[data-field="note"]').textContent = note || '';
  }

  // ---- filters (URL) ----
  function chooseRange() {
    var p = ui.params();
    var first = months[0];
    var last = months[months.length - 1];
    var to = MONTH_RE.test(p.get('to') || '') ? p.get('to') : last;
    if (to > last) { to = last; }
    if (to < first) { to = first; }
    var from = MONTH_RE.test(p.get('from') || '') ? p.get('from')
      : months[Math.max(0, months.indexOf(to) - (DEFAULT_MONTHS - 1))];
    if (from < first) { from = first; }
    if (from > to) { from = to; }
    var rows = p.get('rows') === 'booking' ? 'booking' : 'billing';
    return { from: from, to: to, rows: rows, aging: p.get('aging') };
  }

  function fillPeriod(range) {
    [el.from, el.to].forEach(function (select) {
      select.textContent = '';
      months.forEach(function (m) {
        var o = document.createElement('option');
        o.value = m;
        o.textContent = ui.monthLabel(m);
        select.appendChild(o);
      });
    });
    el.from.value = range.from;
    el.to.value = range.to;
    el.period.hidden = false;
    el.rowsToggle.forEach(function (b) { b.setAttribute('aria-checked', String(b.dataset.rows === range.rows)); });
  }

  function query(range) {
    return 'from=' + encodeURIComponent(range.from) + '&to=' + encodeURIComponent(range.to);
  }

  // ---- charts ----
  function renderAgingHistory(history, range) {
    var dates = history.totals.filter(function (t) {
      var m = t.as_of.substring(0, 7);
      return t.is_month_end && m >= range.from && m <= range.to;
    }).map(function (t) { return t.as_of; });
    var cell = {};
    history.rows.forEach(function (r) { cell[r.as_of + '|' + r.bucket] = r.open_amount_reporting; });
    var option = ui.baseOption();
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return ui.money(v); } };
    option.xAxis = { type: 'category', data: dates, axisLabel: { formatter: function (d) { return ui.monthLabel(d.substring(0, 7)); } } };
    option.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    option.series = history.buckets.map(function (b, i) {
      return { id: b, name: b, type: 'bar', stack: 'aging', barMaxWidth: 40, emphasis: { focus: 'series' },
        itemStyle: { color: BUCKET_COLORS[i % BUCKET_COLORS.length] },
        data: dates.map(function (d) { return cell[d + '|' + b]; }) };
    });
    ui.chart('aging-history').setOption(option, { notMerge: true });
    return dates;
  }

  function renderAgingAsOf(history, date) {
    var rows = history.rows.filter(function (r) { return r.as_of === date; });
    var option = ui.baseOption();
    option.legend = { show: false };
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return ui.money(v); } };
    option.xAxis = { type: 'category', data: rows.map(function (r) { return r.bucket; }) };
    option.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    option.series = [{ id: 'open_amount_reporting', name: 'Open AR', type: 'bar', barMaxWidth: 56,
      label: { show: true, position: 'top', formatter: function (p) { return ui.compact(p.value); } },
      data: rows.map(function (r, i) {
        return { value: r.open_amount_reporting, itemStyle: { color: BUCKET_COLORS[i % BUCKET_COLORS.length] } };
      }) }];
    ui.chart('aging-asof').setOption(option, { notMerge: true });
    var total = rows.reduce(function (s, r) { return s + ui.cents(r.open_amount_reporting); }, 0);
    var overdue = rows.filter(function (r) { return r.bucket !== 'current'; })
      .reduce(function (s, r) { return s + ui.cents(r.open_amount_reporting); }, 0);
    kpi('kpi-ar', ui.money(total / 100, 0), 'at ' + date);
    kpi('kpi-overdue', ui.money(overdue / 100, 0), total ? Math.round(overdue / total * 100) + ' % of open AR' : '');
    return rows;
  }

  function renderDso(dso) {
    var option = ui.baseOption();
    option.tooltip = { trigger: 'axis' };
    option.xAxis = { type: 'category', data: dso.rows.map(function (r) { return r.month; }), axisLabel: { formatter: ui.monthLabel } };
    option.yAxis = [{ type: 'value', name: 'days', axisLabel: { formatter: function (v) { return v + ' d'; } } },
      { type: 'value', name: 'CEI', axisLabel: { formatter: function (v) { return v + ' %'; } } }];
    option.series = [
      { id: 'dso_simple', name: 'DSO simple', type: 'line', data: dso.rows.map(function (r) { return r.dso_simple; }),
        tooltip: { valueFormatter: ui.days } },
      { id: 'dso_countback', name: 'DSO countback', type: 'line', lineStyle: { width: 3 },
        data: dso.rows.map(function (r) { return r.dso_countback; }), tooltip: { valueFormatter: ui.days } },
      { id: 'cei', name: 'CEI', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' },
        data: dso.rows.map(function (r) { return r.cei; }),
        tooltip: { valueFormatter: function (v) { return v === null || v === undefined ? '–' : Number(v).toFixed(1) + ' %'; } } }
    ];
    ui.chart('dso').setOption(option, { notMerge: true });
    var last = dso.rows[dso.rows.length - 1];
    kpi('kpi-dso', last ? ui.days(last.dso_countback) : '–', last ? 'simple ' + ui.days(last.dso_simple) + ' · ' + last.month : 'no data');
  }

  function renderRpo(rpo) {
    var option = ui.baseOption();
    option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return ui.money(v); } };
    option.xAxis = { type: 'category', data: rpo.rows.map(function (r) { return r.month; }), axisLabel: { formatter: ui.monthLabel } };
    option.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    option.series = [
      { id: 'deferred_net', name: 'Deferred − unbilled', type: 'bar', stack: 'rpo', itemStyle: { color: '#2f6fde' },
        data: rpo.rows.map(function (r) { return (ui.cents(r.deferred_reporting) - ui.cents(r.unbilled_reporting)) / 100; }) },
      { id: 'backlog', name: 'Backlog', type: 'bar', stack: 'rpo', itemStyle: { color: '#9bb8ee' },
        data: rpo.rows.map(function (r) { return r.backlog_reporting; }) },
      { id: 'rpo', name: 'RPO', type: 'line', itemStyle: { color: '#1c2533' }, data: rpo.rows.map(function (r) { return r.rpo_reporting; }) },
      { id: 'crpo', name: 'cRPO', type: 'line', itemStyle: { color: '#1e8c5a' }, data: rpo.rows.map(function (r) { return r.crpo_reporting; }) }
    ];
    ui.chart('rpo').setOption(option, { notMerge: true });
    var last = rpo.rows[rpo.rows.length - 1];
    kpi('kpi-rpo', last ? ui.money(last.rpo_reporting, 0) : '–', last ? 'end of ' + ui.monthLabel(last.month) : 'no data');
    kpi('kpi-crpo', last ? ui.money(last.crpo_reporting, 0) : '–', last ? 'next 12 months' : '');
  }

  function renderDeferred(deferred) {
    var rows = deferred.rows;
    var option = ui.baseOption();
    option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return ui.money(v); } };
    option.xAxis = { type: 'category', data: rows.map(function (r) { return r.month; }), axisLabel: { formatter: ui.monthLabel } };
    option.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    option.series = [
      { id: 'billings', name: 'Billings', type: 'bar', stack: 'flow', itemStyle: { color: '#2f6fde' }, data: rows.map(function (r) { return r.billings; }) },
      { id: 'recognized', name: 'Recognised (−)', type: 'bar', stack: 'flow', itemStyle: { color: '#e8a33d' },
        data: rows.map(function (r) { return -ui.cents(r.recognized) / 100; }) },
      { id: 'fx_translation', name: 'FX translation', type: 'bar', stack: 'flow', itemStyle: { color: '#8a97a8' },
        data: rows.map(function (r) { return r.fx_translation; }) },
      { id: 'closing', name: 'Closing deferred', type: 'line', itemStyle: { color: '#1c2533' }, data: rows.map(function (r) { return r.closing; }) },
      { id: 'closing_unbilled', name: 'Unbilled receivables', type: 'line', lineStyle: { type: 'dashed' },
        itemStyle: { color: '#7b61ff' }, data: rows.map(function (r) { return r.closing_unbilled; }) }
    ];
    ui.chart('deferred').setOption(option, { notMerge: true });
    ui.fillTable(document.querySelector('#deferred-table tbody'), rows, [
      { key: 'month', format: ui.monthLabel },
      { key: 'opening', num: true, format: function (v) { return ui.money(v); } },
      { key: 'billings', num: true, format: function (v) { return ui.money(v); } },
      { key: 'recognized', num: true, format: function (v) { return ui.money(v); } },
      { key: 'fx_translation', num: true, format: function (v) { return ui.money(v); } },
      { key: 'closing', num: true, format: function (v) { return ui.money(v); } },
      { key: 'closing_unbilled', num: true, format: function (v) { return ui.money(v); } }
    ]);
    var last = rows[rows.length - 1];
    kpi('kpi-deferred', last ? ui.money(last.closing, 0) : '–', last ? 'end of ' + ui.monthLabel(last.month) : 'no data');
  }

  function renderWaterfall(w) {
    var rowMonths = w.row_totals.map(function (t) { return t.row_month; });
    var max = 0;
    var cells = w.rows.map(function (c) {
      var v = Number(c.amount_reporting);
      if (Math.abs(v) > max) { max = Math.abs(v); }
      return [w.columns.indexOf(c.recognition_month), rowMonths.indexOf(c.row_month), c.amount_reporting];
    });
    var option = ui.baseOption();
    option.legend = { show: false };
    option.grid = { left: 12, right: 20, top: 10, bottom: 60, containLabel: true };
    option.tooltip = { formatter: function (p) {
      return 'Row ' + rowMonths[p.value[1]] + ' → recognised ' + w.columns[p.value[0]] + ': ' + ui.money(p.value[2]);
    } };
    option.xAxis = { type: 'category', data: w.columns, name: 'recognition month', nameLocation: 'middle', nameGap: 28,
      splitArea: { show: true } };
    option.yAxis = { type: 'category', data: rowMonths, inverse: true, name: w.rows_by + ' month' };
    option.visualMap = { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
      inRange: { color: ['#f1f5fb', '#2f6fde'] }, formatter: function (v) { return ui.compact(v); } };
    option.series = [{ id: 'waterfall', name: 'Revenue', type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#1c2533', borderWidth: 1 } } }];
    if (w.as_of_month) {
      option.series[0].markLine = { silent: true, symbol: 'none', lineStyle: { color: '#c0392b', type: 'dashed' },
        label: { formatter: 'as of ' + w.as_of_month }, data: [{ xAxis: w.as_of_month }] };
    }
    ui.chart('waterfall').setOption(option, { notMerge: true });
    ui.fillTable(document.querySelector('#waterfall-table tbody'), w.row_totals, [
      { key: 'row_month', format: ui.monthLabel },
      { key: 'total', num: true, format: function (v) { return ui.money(v); } },
      { key: 'recognized_to_date', num: true, format: function (v) { return ui.money(v); } },
      { key: 'remaining', num: true, format: function (v) { return ui.money(v); } }
    ]);
  }

  function fillAgingDates(dates, wanted) {
    el.agingDate.textContent = '';
    dates.forEach(function (d) {
      var o = document.createElement('option');
      o.value = d;
      o.textContent = d;
      el.agingDate.appendChild(o);
    });
    var chosen = dates.indexOf(wanted) >= 0 ? wanted : dates[dates.length - 1];
    el.agingDate.value = chosen;
    return chosen;
  }

  // ---- drill-down: the open invoices behind an AR bar (/api/v1/explain, role analyst) ----
  var drillSeq = 0;

  /**
   * Lists the invoices open at {@code date} (a month end of the aging history), only those of {@code bucket} when one
   * is given, and checks that they add up to {@code bar}: what the clicked bar (or the stacked bar of the month) shows.
   */
  function drillAr(date, bucket, bar) {
    var seq = ++drillSeq;
    var month = date.substring(0, 7);
    var path = '/api/v1/explain?metric=accounts_receivable&month=' + encodeURIComponent(month);
    var panel = document.getElementById('ar-drill');
    var note = document.getElementById('ar-drill-note');
    var summary = document.getElementById('ar-drill-summary');
    var body = document.querySelector('#ar-drill-table tbody');
    panel.hidden = false;
    note.hidden = true;
    body.textContent = '';
    document.getElementById('ar-drill-title').textContent = (bucket ? 'Open AR ' + bucket : 'Open AR') + ' at ' + date;
    summary.textContent = 'Loading…';
    // The list sits below the charts: bring it into view so the click visibly does something.
    if (panel.scrollIntoView) { panel.scrollIntoView({ block: 'nearest' }); }
    window.revlake.drill = { date: date, bucket: bucket, ready: false };
    api.fetchJson(path).then(function (answer) {
      if (seq !== drillSeq) { return; }
      if (answer.aging_date !== date) {
        throw new Error('the AR of ' + ui.monthLabel(month) + ' is aged at ' + answer.aging_date + ', not ' + date);
      }
      var rows = answer.rows.filter(function (r) { return !bucket || r.bucket === bucket; });
      ui.fillTable(body, rows, [
        { key: 'customer_id' },
        { key: 'invoice_id' },
        { key: 'due_date' },
        { key: 'days_past_due', num: true, format: ui.integer },
        { key: 'bucket' },
        { key: 'open_amount', num: true, format: function (v, r) { return ui.moneyIn(v, r.currency); } },
        { key: 'amount', num: true, format: function (v) { return ui.money(v); } }
      ], function (tr, r) {
        tr.dataset.invoice = r.invoice_id;
        var a = document.createElement('a');
        a.href = '/customer.html?id=' + encodeURIComponent(r.customer_id);
        a.textContent = r.customer_id;
        tr.firstChild.textContent = '';
        tr.firstChild.appendChild(a);
      });
      var total = rows.reduce(function (s, r) { return s + ui.cents(r.amount); }, 0) / 100;
      var expected = Number(bar);
      var ties = ui.cents(total) === ui.cents(expected);
      var customers = {};
      rows.forEach(function (r) { customers[r.customer_id] = true; });
      summary.textContent = ui.integer(rows.length) + ' invoices of ' + ui.integer(Object.keys(customers).length)
        + ' customers · total ' + ui.money(total) + (ties ? ' = the bar' : ' ≠ the bar ' + ui.money(expected));
      window.revlake.drill = { date: date, bucket: bucket, ready: true, rows: rows, total: total, bar: expected,
        ties: ties, path: path };
    }).catch(function (error) {
      if (seq !== drillSeq) { return; }
      summary.textContent = '';
      note.hidden = false;
      note.textContent = error instanceof api.ApiError && (error.status === 403 || error.status === 401)
        ? 'The invoices behind a number are customer-level data: open this page with an analyst token.'
        : ui.errorMessage(error);
      window.revlake.drill = { date: date, bucket: bucket, ready: true,
        error: error instanceof api.ApiError ? error.status : String(error) };
    });
  }

  function wireDrill() {
    ui.chart('aging-history').on('click', function (p) {
      if (p.componentType === 'series') { drillAr(p.name, p.seriesId, p.value); }
    });
    ui.chart('aging-asof').on('click', function (p) {
      if (p.componentType === 'series') { drillAr(window.revlake.agingDate, p.name, p.value); }
    });
    ui.chart('dso').on('click', function (p) {
      // A DSO point: the whole AR at that month end, which DSO divides by billings.
      // It ties to the stacked aging bar of that month end (Σ buckets, each invoice converted on its own).
      var date = (window.revlake.agingDates || []).filter(function (d) { return d.substring(0, 7) === p.name; })[0];
      if (p.componentType === 'series' && date) {
        var bar = data.history.rows.filter(function (r) { return r.as_of === date; })
          .reduce(function (s, r) { return s + ui.cents(r.open_amount_reporting); }, 0) / 100;
        drillAr(date, null, bar);
      }
    });
    document.getElementById('ar-drill-download').addEventListener('click', function () {
      var d = window.revlake && window.revlake.drill;
      if (!d || !d.path) { return; }
      ui.downloadCsv(d.path, 'ar-' + d.date + '.csv').catch(function (e) {
        document.getElementById('ar-drill-summary').textContent = String(e.message || e);
      });
    });
  }

  // ---- loading ----
  function load(range) {
    var seq = ++loadSeq;
    document.body.dataset.ready = 'false';
    ui.setState('loading', 'Loading ' + ui.monthLabel(range.from) + ' – ' + ui.monthLabel(range.to) + '…');
    var q = query(range);
    var paths = {
      history: '/api/v1/finance/ar-aging/history',
      dso: '/api/v1/finance/dso?' + q,
      rpo: '/api/v1/finance/rpo?' + q,
      deferred: '/api/v1/finance/deferred-revenue?' + q,
      waterfall: '/api/v1/finance/waterfall?rows=' + range.rows + '&' + q
    };
    var keys = Object.keys(paths);
    return Promise.all(keys.map(function (k) { return api.fetchJson(paths[k]); })).then(function (answers) {
      if (seq !== loadSeq) { return; }
      keys.forEach(function (k, i) { data[k] = answers[i]; });
      ui.state.currency = data.dso.currency || ui.state.currency;
      ui.setState('ready', null);
      var dates = renderAgingHistory(data.history, range);
      var agingDate = fillAgingDates(dates, range.aging);
      var agingRows = agingDate ? renderAgingAsOf(data.history, agingDate) : [];
      renderDso(data.dso);
      renderRpo(data.rpo);
      renderDeferred(data.deferred);
      renderWaterfall(data.waterfall);
      el.subtitle.textContent = ui.monthLabel(range.from) + ' – ' + ui.monthLabel(range.to) + ' · ' + ui.state.currency;
      window.revlake = { range: range, paths: paths, agingDates: dates, agingDate: agingDate, aging: agingRows,
        history: data.history, dso: data.dso.rows, rpo: data.rpo.rows, deferred: data.deferred.rows,
        waterfall: data.waterfall };
      document.body.dataset.ready = 'true';
    }, function (error) {
      if (seq !== loadSeq) { return; }
      fail(error);
    });
  }

  function fail(error) {
    window.revlake = { error: error instanceof api.ApiError ? error.body : String(error) };
    var message = ui.errorMessage(error);
    if (error instanceof api.ApiError && error.status === 503) {
      var seconds = Math.min(30, Math.max(2, error.retryAfter || 5));
      message += ' This page retries every ' + seconds + ' s.';
      window.clearTimeout(fail.retry);
      fail.retry = window.setTimeout(start, seconds * 1000);
    }
    ui.setState('error', message);
    document.body.dataset.ready = 'true';
  }

  function current() {
    return { from: el.from.value, to: el.to.value, rows: document.querySelector('[data-rows][aria-checked="true"]').dataset.rows,
      aging: el.agingDate.value || null };
  }

  function apply(range, push) {
    ui.writeParams(range, push);
    load(range);
  }

  function csvFor(name) {
    var r = window.revlake && window.revlake.range;
    if (!r) { return null; }
    switch (name) {
      case 'aging-history': return ['/api/v1/finance/ar-aging/history', 'ar-aging-history.csv'];
      case 'aging-asof': return ['/api/v1/finance/ar-aging?as_of=' + window.revlake.agingDate, 'ar-aging-' + window.revlake.agingDate + '.csv'];
      case 'dso': return [window.revlake.paths.dso, 'dso.csv'];
      case 'rpo': return [window.revlake.paths.rpo, 'rpo.csv'];
      case 'deferred': return [window.revlake.paths.deferred, 'deferred-revenue.csv'];
      case 'waterfall': return [window.revlake.paths.waterfall, 'waterfall-' + r.rows + '.csv'];
      default: return null;
    }
  }

  function wire() {
    el.from.addEventListener('change', function () {
      var r = current();
      if (r.from > r.to) { r.to = r.from; el.to.value = r.to; }
      apply(r, true);
    });
    el.to.addEventListener('change', function () {
      var r = current();
      if (r.from > r.to) { r.from = r.to; el.from.value = r.from; }
      apply(r, true);
    });
    el.agingDate.addEventListener('change', function () {
      var r = current();
      ui.writeParams(r, true);
      window.revlake.agingDate = r.aging;
      window.revlake.aging = renderAgingAsOf(data.history, r.aging);
      window.revlake.range = r;
    });
    el.rowsToggle.forEach(function (b) {
      b.addEventListener('click', function () {
        el.rowsToggle.forEach(function (x) { x.setAttribute('aria-checked', String(x === b)); });
        apply(current(), true);
      });
    });
    document.querySelectorAll('[data-csv]').forEach(function (button) {
      button.addEventListener('click', function () {
        var target = csvFor(button.dataset.csv);
        if (!target) { return; }
        ui.downloadCsv(target[0], target[1]).catch(function (error) {
          ui.setState('ready', 'CSV download failed: ' + (error.message || error) + ' (CSV exports need an analyst token).');
        });
      });
    });
    window.addEventListener('popstate', function () {
      if (!months.length) { return; }
      var range = chooseRange();
      fillPeriod(range);
      load(range);
    });
  }

  function start() {
    if (!window.echarts) {
      fail(new Error('the charts library did not load (/webjars/echarts/5.3.1/dist/echarts.min.js)'));
      return;
    }
    document.body.dataset.ready = 'false';
    api.fetchJson('/api/v1/finance/dso').then(function (all) {
      months = all.rows.map(function (r) { return r.month; });
      if (!months.length) {
        window.revlake = { dso: [], empty: true };
        ui.setState('empty', 'No finance data yet: gold.dso_month has no months (the finance facts need invoices.csv and'
          + ' payments.csv). Run ./revlake transform, then reload this page.');
        document.body.dataset.ready = 'true';
        return;
      }
      var range = chooseRange();
      ui.writeParams(range, false);
      fillPeriod(range);
      return load(range);
    }).catch(fail);
  }

  wire();
  if (window.echarts) { wireDrill(); }
  ui.setState('loading', 'Loading…');
  start();
}());
