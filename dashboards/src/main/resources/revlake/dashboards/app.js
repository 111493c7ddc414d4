/*
 * RevLake MRR dashboard. Every number comes from the API (/api/v1/mrr/summary); nothing is embedded.
 * After each render the page exposes what it plotted on window.revlake = {summary: rows, from, to, currency}
 * and sets <body data-ready="true"> (false while a load is in flight), so tests and scripts can read it.
 */
(function () {
  'use strict';

  var SUMMARY_URL = '/api/v1/mrr/summary';
  var DEFAULT_MONTHS = 12;
  var MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
  var MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // Bridge order: end MRR = start MRR + new + reactivation + expansion + contraction + churn + fx.
  var MOVEMENTS = [
    { key: 'new', label: 'New', color: '#2f6fde' },
    { key: 'reactivation', label: 'Reactivation', color: '#7b61ff' },
    { key: 'expansion', label: 'Expansion', color: '#1e8c5a' },
    { key: 'contraction', label: 'Contraction', color: '#e8a33d' },
    { key: 'churn', label: 'Churn', color: '#c0392b' },
    { key: 'fx', label: 'FX', color: '#8a97a8' },
    // A filtered bridge (?dimension=segment&value=enterprise) also moves MRR in and out of the value; company-wide
    // these cancel and the summary has no such columns, so they are shown only when non-zero.
    { key: 'entering', label: 'Entering', color: '#3aa6b9', optional: true },
    { key: 'leaving', label: 'Leaving', color: '#b5651d', optional: true }
  ];

  var el = {
    period: document.getElementById('period'),
    from: document.getElementById('period-from'),
    to: document.getElementById('period-to'),
    status: document.getElementById('status'),
    subtitle: document.getElementById('subtitle'),
    trend: document.getElementById('mrr-trend'),
    bridge: document.getElementById('mrr-bridge'),
    trendTitle: document.getElementById('trend-title'),
    toggle: document.querySelectorAll('.toggle button')
  };

  var charts = { trend: null, bridge: null };
  var allMonths = [];
  var currency = 'USD';
  var trendSeries = 'MRR';
  var loadSeq = 0;

  // ---- formatting ----
  function moneyFormat(digits) {
    return new Intl.NumberFormat('en-US', {
      style: 'currency', currency: currency, minimumFractionDigits: digits, maximumFractionDigits: digits
    });
  }
  function money(value, digits) {
    return value === null || value === undefined ? '–' : moneyFormat(digits === undefined ? 2 : digits).format(value);
  }
  function signedMoney(value) {
    var text = money(Math.abs(value), 2);
    return (value > 0 ? '+' : value < 0 ? '−' : '±') + text;
  }
  function integer(value) {
    return value === null || value === undefined ? '–' : new Intl.NumberFormat('en-US').format(value);
  }
  function percent(value) {
    return value === null || value === undefined ? '–'
      : new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }
  function axisMoney(value) {
    return money(value, 0);
  }
  function monthLabel(month) {
    var parts = month.split('-');
    return MONTH_NAMES[Number(parts[1]) - 1] + ' ' + parts[0];
  }
  function cents(value) {
    return Math.round(Number(value || 0) * 100);
  }

  // ---- page state ----
  function setState(kind, message) {
    document.body.dataset.state = kind;
    if (!message) {
      el.status.hidden = true;
      el.status.textContent = '';
      delete el.status.dataset.kind;
      return;
    }
    el.status.hidden = false;
    el.status.dataset.kind = kind;
    el.status.textContent = message;
  }

  var ApiError = window.RevLakeApi.ApiError;
  var fetchJson = window.RevLakeApi.fetchJson;

  function errorMessage(error) {
    if (error instanceof ApiError) {
      return error.message;
    }
    return 'Cannot reach the RevLake API (' + (error && error.message ? error.message : error) + '). Is `./revlake serve` running?';
  }

  // ---- period (kept in the URL: ?from=YYYY-MM&to=YYYY-MM) ----
  function requestedRange() {
    var params = new URLSearchParams(window.location.search);
    return { from: params.get('from'), to: params.get('to') };
  }

  /** The bridge filter of the URL (?dimension=segment&value=enterprise), or null for every customer. */
  function requestedFilter() {
    var params = new URLSearchParams(window.location.search);
    var dimension = params.get('dimension');
    var value = params.get('value');
    return dimension && value ? { dimension: dimension, value: value } : null;
  }

  /** A valid range over the months that exist: defaults to the last 12, clamps and orders what the URL asked. */
  function chooseRange(requested) {
    var first = allMonths[0];
    var last = allMonths[allMonths.length - 1];
    var to = MONTH_RE.test(requested.to || '') ? requested.to : last;
    var from = MONTH_RE.test(requested.from || '') ? requested.from : null;
    if (to > last) { to = last; }
    if (to < first) { to = first; }
    to = allMonths.filter(function (m) { return m <= to; }).pop();
    if (from === null) {
      from = allMonths[Math.max(0, allMonths.indexOf(to) - (DEFAULT_MONTHS - 1))];
    }
    if (from < first) { from = first; }
    if (from > last) { from = last; }
    from = allMonths.filter(function (m) { return m >= from; })[0];
    if (from > to) {
      var swap = from; from = to; to = swap;
    }
    return { from: from, to: to };
  }

  function writeRange(range, push) {
    var url = new URL(window.location.href);
    url.searchParams.set('from', range.from);
    url.searchParams.set('to', range.to);
    if (url.search !== window.location.search) {
      window.history[push ? 'pushState' : 'replaceState'](range, '', url.pathname + url.search + url.hash);
    }
  }

  function fillSelects(range) {
    [el.from, el.to].forEach(function (select) {
      select.textContent = '';
      allMonths.forEach(function (month) {
        var option = document.createElement('option');
        option.value = month;
        option.textContent = monthLabel(month);
        select.appendChild(option);
      });
      select.disabled = false;
    });
    el.from.value = range.from;
    el.to.value = range.to;
    el.period.hidden = false;
  }

  function onPeriodChange(changed) {
    var range = { from: el.from.value, to: el.to.value };
    if (range.from > range.to) {
      if (changed === 'from') { range.to = range.from; } else { range.from = range.to; }
      el.from.value = range.from;
      el.to.value = range.to;
    }
    writeRange(range, true);
    load(range);
  }

  // ---- charts ----
  function chart(name, container) {
    if (!charts[name]) {
      charts[name] = window.echarts.init(container, null, { renderer: 'canvas' });
      if (window.ResizeObserver) {
        new ResizeObserver(function () { charts[name].resize(); }).observe(container);
      }
    }
    return charts[name];
  }

  function baseOption(months) {
    return {
      animationDuration: 300,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
      grid: { left: 12, right: 20, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category', data: months,
        axisLabel: { formatter: monthLabel, hideOverlap: true },
        axisTick: { alignWithLabel: true }
      },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney } },
      aria: { enabled: true }
    };
  }

  function renderTrend(rows) {
    var months = rows.map(function (r) { return r.month; });
    var option = baseOption(months);
    option.xAxis.boundaryGap = false;
    option.grid.right = 40; // room for the last month's label at the edge
    option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return money(v, 2); } };
    // One axis; the MRR/ARR buttons switch the series (legend in single-select mode, kept hidden).
    option.legend = { show: false, selectedMode: 'single', selected: { MRR: trendSeries === 'MRR', ARR: trendSeries === 'ARR' } };
    option.series = [
      { id: 'mrr', name: 'MRR', type: 'line', data: rows.map(function (r) { return r.mrr; }),
        symbolSize: 7, lineStyle: { width: 3 }, itemStyle: { color: '#2f6fde' }, areaStyle: { opacity: 0.08 } },
      { id: 'arr', name: 'ARR', type: 'line', data: rows.map(function (r) { return r.arr; }),
        symbolSize: 7, lineStyle: { width: 3 }, itemStyle: { color: '#1e8c5a' }, areaStyle: { opacity: 0.08 } }
    ];
    chart('trend', el.trend).setOption(option, { notMerge: true });
  }

  function renderBridge(rows) {
    var months = rows.map(function (r) { return r.month; });
    var option = baseOption(months);
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return money(v, 2); } };
    option.legend = { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 10 };
    option.grid.top = 44;
    var shown = MOVEMENTS.filter(function (m) {
      return !m.optional || rows.some(function (r) { return cents(r[m.key]) !== 0; });
    });
    // Same-sign values stack together: gains above zero, losses below; fx goes where its sign puts it.
    option.series = shown.map(function (m) {
      return {
        id: m.key, name: m.label, type: 'bar', stack: 'bridge', barMaxWidth: 46,
        data: rows.map(function (r) { return r[m.key]; }),
        itemStyle: { color: m.color }, emphasis: { focus: 'series' }
      };
    });
    // Net change of the month, summed in cents so it is exact.
    option.series.push({
      id: 'net', name: 'Net change', type: 'line', z: 10, symbol: 'circle', symbolSize: 7,
      lineStyle: { width: 2, color: '#1c2533' }, itemStyle: { color: '#1c2533' },
      data: rows.map(function (r) {
        return shown.reduce(function (sum, m) { return sum + cents(r[m.key]); }, 0) / 100;
      })
    });
    chart('bridge', el.bridge).setOption(option, { notMerge: true });
    if (!charts.bridge.revlakeDrill) {
      charts.bridge.revlakeDrill = true;
      charts.bridge.on('click', function (p) {
        var optional = MOVEMENTS.some(function (m) { return m.key === p.seriesId && m.optional; });
        if (p.componentType === 'series' && p.seriesId && p.seriesId !== 'net' && !optional) { drill(p.seriesId, p.name); }
      });
    }
  }

  // ---- drill-down: the customers behind a bridge cell (/api/v1/explain, role analyst) ----
  var drillSeq = 0;
  function drill(movement, month) {
    var seq = ++drillSeq;
    var panel = document.getElementById('drill');
    var note = document.getElementById('drill-note');
    var body = document.querySelector('#drill-table tbody');
    var label = MOVEMENTS.filter(function (m) { return m.key === movement; }).map(function (m) { return m.label; })[0] || movement;
    var path = '/api/v1/explain?metric=' + encodeURIComponent(movement) + '&month=' + encodeURIComponent(month);
    panel.hidden = false;
    document.getElementById('drill-title').textContent = label + ' MRR, ' + monthLabel(month);
    document.getElementById('drill-summary').textContent = 'Loading…';
    note.hidden = true;
    body.textContent = '';
    window.revlake.drill = { metric: movement, month: month, ready: false };
    fetchJson(path).then(function (answer) {
      if (seq !== drillSeq) { return; }
      answer.rows.forEach(function (r) {
        var tr = document.createElement('tr');
        tr.dataset.customer = r.customer_id;
        var a = document.createElement('a');
        a.href = '/customer.html?id=' + encodeURIComponent(r.customer_id);
        a.textContent = r.customer_id;
        var td = document.createElement('td');
        td.appendChild(a);
        tr.appendChild(td);
        [r.segment || '–', r.currency || '–', signedMoney(Number(r.amount))].forEach(function (text, i) {
          var c = document.createElement('td');
          c.textContent = text;
          if (i === 2) { c.className = 'num'; }
          tr.appendChild(c);
        });
        body.appendChild(tr);
      });
      document.getElementById('drill-summary').textContent = integer(answer.contributors) + ' customers · total '
        + signedMoney(Number(answer.total)) + (answer.ties ? ' = the bridge cell' : ' ≠ the bridge cell ' + money(answer.cell));
      window.revlake.drill = { metric: movement, month: month, ready: true, rows: answer.rows, total: answer.total,
        cell: answer.cell, ties: answer.ties, path: path };
    }, function (error) {
      if (seq !== drillSeq) { return; }
      document.getElementById('drill-summary').textContent = '';
      note.hidden = false;
      note.textContent = error instanceof ApiError && (error.status === 403 || error.status === 401)
        ? 'The customers behind a number are customer-level data: open this page with an analyst token.'
        : errorMessage(error);
      window.revlake.drill = { metric: movement, month: month, ready: true, error: error instanceof ApiError ? error.status : String(error) };
    });
  }

  function saveDrillCsv() {
    var d = window.revlake && window.revlake.drill;
    if (!d || !d.path) { return; }
    var headers = { Accept: 'text/csv' };
    var t = window.RevLakeApi.token();
    if (t) { headers.Authorization = 'Bearer ' + t; }
    fetch(d.path + '&format=csv', { headers: headers }).then(function (r) {
      if (!r.ok) { throw new Error('The API answered HTTP ' + r.status); }
      return r.blob();
    }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'explain-' + d.metric + '-' + d.month + '.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }).catch(function (e) { document.getElementById('drill-summary').textContent = String(e.message || e); });
  }

  function setKpi(id, value, noteHtmlParts) {
    var tile = document.getElementById(id);
    tile.querySelector('[data-field="value"]').textContent = value;
    var note = tile.querySelector('[data-field="note"]');
    note.textContent = '';
    noteHtmlParts.forEach(function (part) {
      var span = document.createElement('span');
      span.textContent = part.text;
      if (part.kind) { span.className = part.kind; }
      note.appendChild(span);
    });
  }

  function change(current, previous, format) {
    if (previous === null || previous === undefined || current === null || current === undefined) {
      return [];
    }
    var delta = current - previous;
    return [{ text: ' · ' }, { text: format(delta), kind: delta > 0 ? 'up' : delta < 0 ? 'down' : '' }];
  }

  function renderKpis(rows) {
    var last = rows[rows.length - 1];
    var prev = rows.length > 1 ? rows[rows.length - 2] : null;
    var asOf = { text: 'end of ' + monthLabel(last.month) };
    setKpi('kpi-mrr', money(last.mrr, 2), [asOf].concat(change(cents(last.mrr), prev && cents(prev.mrr),
      function (d) { return signedMoney(d / 100); })));
    setKpi('kpi-arr', money(last.arr, 0), [{ text: '12 × MRR' }]);
    setKpi('kpi-customers', integer(last.paying_customers), [asOf].concat(change(last.paying_customers,
      prev && prev.paying_customers, function (d) { return (d > 0 ? '+' : d < 0 ? '−' : '±') + integer(Math.abs(d)); })));
    setKpi('kpi-nrr', percent(last.nrr), [{ text: last.nrr === null ? 'needs a previous month' : 'monthly, ' + monthLabel(last.month) }]);
  }

  function clearKpis() {
    ['kpi-mrr', 'kpi-arr', 'kpi-customers', 'kpi-nrr'].forEach(function (id) { setKpi(id, '–', []); });
  }

  function render(data) {
    var rows = data.rows;
    currency = data.currency || currency;
    var filter = requestedFilter();
    el.subtitle.textContent = rows.length
      ? monthLabel(rows[0].month) + ' – ' + monthLabel(rows[rows.length - 1].month) + ' · ' + currency
        + (filter ? ' · ' + filter.dimension + ' = ' + filter.value : '')
      : 'MRR, ARR and the monthly MRR bridge';
    if (!rows.length) {
      clearKpis();
      setState('empty', 'No MRR months in this period.');
      return;
    }
    renderKpis(rows);
    setState('ready', null);
    renderTrend(rows);
    renderBridge(rows);
  }

  // ---- loading ----
  function load(range) {
    var seq = ++loadSeq;
    document.body.dataset.ready = 'false';
    setState('loading', 'Loading ' + monthLabel(range.from) + ' – ' + monthLabel(range.to) + '…');
    var url = SUMMARY_URL + '?from=' + encodeURIComponent(range.from) + '&to=' + encodeURIComponent(range.to);
    var filter = requestedFilter();
    if (filter) {
      url += '&dimension=' + encodeURIComponent(filter.dimension) + '&value=' + encodeURIComponent(filter.value);
    }
    return fetchJson(url).then(function (data) {
      if (seq !== loadSeq) { return; } // a newer selection superseded this one
      render(data);
      window.revlake = { summary: data.rows, from: data.from, to: data.to, currency: data.currency };
      document.body.dataset.ready = 'true';
    }, function (error) {
      if (seq !== loadSeq) { return; }
      fail(error);
    });
  }

  function fail(error) {
    clearKpis();
    window.revlake = { summary: [], error: error instanceof ApiError ? error.body : String(error) };
    var message = errorMessage(error);
    if (error instanceof ApiError && error.status === 503) {
      // Gold tables not built yet: the server loads them as soon as they appear, so try again by itself.
      var seconds = Math.min(30, Math.max(2, error.retryAfter || 5));
      message += ' This page retries every ' + seconds + ' s.';
      window.clearTimeout(fail.retry);
      fail.retry = window.setTimeout(start, seconds * 1000);
    }
    setState('error', message);
    document.body.dataset.ready = 'true';
  }

  function start() {
    if (!window.echarts) {
      fail(new Error('the charts library did not load (/webjars/echarts/5.3.1/dist/echarts.min.js)'));
      return;
    }
    document.body.dataset.ready = 'false';
    // All months first (for the period selector), then the chosen period as its own API call.
    fetchJson(SUMMARY_URL).then(function (data) {
      currency = data.currency || currency;
      allMonths = data.rows.map(function (r) { return r.month; });
      if (!allMonths.length) {
        clearKpis();
        window.revlake = { summary: [], from: null, to: null, currency: currency };
        setState('empty', 'No MRR data yet: gold.mrr_summary has no months. Run ./revlake transform, then reload this page.');
        document.body.dataset.ready = 'true';
        return;
      }
      var range = chooseRange(requestedRange());
      writeRange(range, false);
      fillSelects(range);
      return load(range);
    }).catch(fail);
  }

  function wire() {
    el.toggle.forEach(function (button) {
      button.addEventListener('click', function () {
        trendSeries = button.dataset.series;
        el.toggle.forEach(function (b) { b.setAttribute('aria-checked', String(b === button)); });
        el.trendTitle.textContent = trendSeries + ' trend';
        if (charts.trend) { charts.trend.dispatchAction({ type: 'legendSelect', name: trendSeries }); }
      });
    });
    document.getElementById('drill-download').addEventListener('click', saveDrillCsv);
    el.from.addEventListener('change', function () { onPeriodChange('from'); });
    el.to.addEventListener('change', function () { onPeriodChange('to'); });
    window.addEventListener('popstate', function () {
      if (!allMonths.length) { return; }
      var range = chooseRange(requestedRange());
      fillSelects(range);
      load(range);
    });
  }

  wire();
  setState('loading', 'Loading…');
  start();
}());
