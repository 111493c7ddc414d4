/*
 * RevLake retention & value dashboard. Every number comes from the API: the metric series
 * (/api/v1/metrics/{id}/series, monthly) and the cohort matrix (/api/v1/cohorts). After rendering, the page
 * exposes what it plotted on window.revlake = {series: {metric: rows}, cohorts: rows} and sets
 * <body data-ready="true">, so tests and scripts can read it.
 */
(function () {
  'use strict';

  var METRICS = ['nrr', 'grr', 'logo_churn_rate', 'arpa', 'clv_formula', 'cac_payback_months'];
  var MONTHS_SHOWN = 12;
  var api = window.RevLakeApi;
  var statusEl = document.getElementById('status');
  var currency = 'USD';

  function setState(kind, message) {
    document.body.dataset.state = kind;
    statusEl.hidden = !message;
    statusEl.textContent = message || '';
  }

  function percent(v) {
    return v === null || v === undefined ? '–'
      : new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
  }
  function money(v) {
    return v === null || v === undefined ? '–'
      : new Intl.NumberFormat('en-US', { style: 'currency', currency: currency }).format(v);
  }
  function months(v) {
    return v === null || v === undefined ? '–' : v.toFixed(1) + ' months';
  }
  var FORMAT = { nrr: percent, grr: percent, logo_churn_rate: percent, arpa: money, clv_formula: money,
    cac_payback_months: months };

  function kpi(metric, rows) {
    var tile = document.getElementById('kpi-' + metric);
    var last = rows.length ? rows[rows.length - 1] : null;
    tile.querySelector('[data-field="value"]').textContent = FORMAT[metric](last ? last.value : null);
    tile.querySelector('[data-field="note"]').textContent = last
      ? (last.value === null ? 'undefined in ' : '') + last.period : 'no data';
  }

  function line(id, seriesList, axisFormat) {
    var chart = window.echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    var x = seriesList[0].rows.map(function (r) { return r.period; });
    chart.setOption({
      animationDuration: 300,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 0 },
      grid: { left: 12, right: 20, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: x },
      // A second series with its own unit (months next to money) gets its own axis on the right.
      yAxis: Array.isArray(axisFormat)
        ? axisFormat.map(function (f) { return { type: 'value', axisLabel: { formatter: f } }; })
        : { type: 'value', axisLabel: { formatter: axisFormat } },
      series: seriesList.map(function (s, i) {
        return { id: s.id, name: s.name, type: s.type || 'line', yAxisIndex: Array.isArray(axisFormat) ? i : 0,
          connectNulls: false,
          data: s.rows.map(function (r) { return r.value; }) };
      })
    });
    if (window.ResizeObserver) { new ResizeObserver(function () { chart.resize(); }).observe(document.getElementById(id)); }
  }

  function heatmap(rows) {
    var cohorts = [];
    var ks = [];
    rows.forEach(function (r) {
      if (cohorts.indexOf(r.cohort_month) < 0) { cohorts.push(r.cohort_month); }
      if (ks.indexOf(r.months_since_start) < 0) { ks.push(r.months_since_start); }
    });
    ks.sort(function (a, b) { return a - b; });
    var data = rows.map(function (r) {
      return [ks.indexOf(r.months_since_start), cohorts.indexOf(r.cohort_month), r.logo_retention];
    });
    var chart = window.echarts.init(document.getElementById('cohorts'), null, { renderer: 'canvas' });
    chart.setOption({
      animationDuration: 300,
      tooltip: { formatter: function (p) {
        return cohorts[p.value[1]] + ' + ' + ks[p.value[0]] + ' months: ' + percent(p.value[2]);
      } },
      grid: { left: 12, right: 20, top: 10, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: ks, name: 'months since start', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: cohorts, inverse: true },
      visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
        inRange: { color: ['#f4d6d2', '#f1f5fb', '#2f6fde'] }, formatter: function (v) { return percent(v); } },
      series: [{ id: 'logo_retention', type: 'heatmap', data: data,
        label: { show: true, formatter: function (p) { return Math.round(p.value[2] * 100) + '%'; } } }]
    });
    return { cohorts: cohorts, ks: ks };
  }

  function start() {
    if (!window.echarts) {
      setState('error', 'The charts library did not load (/webjars/echarts/5.3.1/dist/echarts.min.js).');
      document.body.dataset.ready = 'true';
      return;
    }
    var requests = METRICS.map(function (m) {
      return api.fetchJson('/api/v1/metrics/' + m + '/series');
    });
    requests.push(api.fetchJson('/api/v1/cohorts?segment=all'));
    Promise.all(requests).then(function (answers) {
      var series = {};
      METRICS.forEach(function (m, i) {
        series[m] = answers[i].rows.slice(-MONTHS_SHOWN);
        if (answers[i].currency) { currency = answers[i].currency; }
      });
      var cohorts = answers[METRICS.length].rows;
      METRICS.forEach(function (m) { kpi(m, series[m]); });
      var pct = function (v) { return Math.round(v * 100) + '%'; };
      line('retention', [{ id: 'nrr', name: 'NRR', rows: series.nrr }, { id: 'grr', name: 'GRR', rows: series.grr }], pct);
      line('churn', [{ id: 'logo_churn_rate', name: 'Logo churn', rows: series.logo_churn_rate }], pct);
      line('arpa', [{ id: 'arpa', name: 'ARPA', type: 'bar', rows: series.arpa }], function (v) { return money(v); });
      line('clv-cac', [{ id: 'clv_formula', name: 'CLV', rows: series.clv_formula },
        { id: 'cac_payback_months', name: 'CAC payback (months)', rows: series.cac_payback_months }],
        [function (v) { return money(v); }, function (v) { return v + ' mo'; }]);
      var grid = heatmap(cohorts);
      var months = series.nrr.map(function (r) { return r.period; });
      document.getElementById('subtitle').textContent = months.length
        ? months[0] + ' – ' + months[months.length - 1] + ' · ' + currency + ' · ' + grid.cohorts.length + ' cohorts'
        : 'No months yet';
      window.revlake = { series: series, cohorts: cohorts };
      setState('ready', null);
      document.body.dataset.ready = 'true';
    }).catch(function (error) {
      window.revlake = { series: {}, cohorts: [], error: error && error.body ? error.body : String(error) };
      setState('error', error && error.message ? error.message : String(error));
      document.body.dataset.ready = 'true';
    });
  }

  setState('loading', 'Loading…');
  start();
}());
