/*
 * RevLake dashboards: helpers shared by the finance and customer pages — number formatting, the page state
 * (loading / empty / error), charts that resize with their box, the shared filters kept in the URL, and CSV downloads
 * of exactly what a chart shows (fetched from the API with the tab's token, saved from a blob).
 */
(function () {
  'use strict';

  var api = window.RevLakeApi;
  var MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var state = { currency: 'USD' };

  function money(value, digits) {
    if (value === null || value === undefined || value === '') { return '–'; }
    var d = digits === undefined ? 2 : digits;
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: state.currency,
      minimumFractionDigits: d, maximumFractionDigits: d }).format(Number(value));
  }
  function moneyIn(value, currency) {
    if (value === null || value === undefined) { return '–'; }
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || state.currency }).format(Number(value));
  }
  function compact(value) {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: state.currency, notation: 'compact',
      maximumFractionDigits: 1 }).format(Number(value));
  }
  function days(value) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(1) + ' d';
  }
  function integer(value) {
    return value === null || value === undefined ? '–' : new Intl.NumberFormat('en-US').format(value);
  }
  function monthLabel(month) {
    if (!/^\d{4}-\d{2}/.test(month || '')) { return month; }
    var p = month.split('-');
    return MONTH_NAMES[Number(p[1]) - 1] + ' ' + p[0] + (p.length > 2 ? ' ' + Number(p[2]) : '');
  }
  function cents(value) {
    return Math.round(Number(value || 0) * 100);
  }

  function setState(kind, message) {
    var el = document.getElementById('status');
    document.body.dataset.state = kind;
    el.hidden = !message;
    el.textContent = message || '';
    if (message) { el.dataset.kind = kind; } else { delete el.dataset.kind; }
  }

  function errorMessage(error) {
    if (error instanceof api.ApiError) { return error.message; }
    return 'Cannot reach the RevLake API (' + (error && error.message ? error.message : error) + '). Is `./revlake serve` running?';
  }

  var charts = {};
  function chart(id) {
    if (!charts[id]) {
      var box = document.getElementById(id);
      charts[id] = window.echarts.init(box, null, { renderer: 'canvas' });
      if (window.ResizeObserver) { new ResizeObserver(function () { charts[id].resize(); }).observe(box); }
    }
    return charts[id];
  }

  function baseOption() {
    return {
      animationDuration: 300,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
      grid: { left: 12, right: 20, top: 44, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 10 },
      aria: { enabled: true }
    };
  }

  /** Query parameters of the page (the shared filters), and writing them back without a reload. */
  function params() {
    return new URLSearchParams(window.location.search);
  }
  function writeParams(values, push) {
    var url = new URL(window.location.href);
    Object.keys(values).forEach(function (k) {
      if (values[k] === null || values[k] === undefined || values[k] === '') { url.searchParams.delete(k); }
      else { url.searchParams.set(k, values[k]); }
    });
    if (url.search !== window.location.search) {
      window.history[push ? 'pushState' : 'replaceState'](values, '', url.pathname + url.search + url.hash);
    }
  }

  /** Saves the CSV form of an API answer (same rows as its JSON). CSV exports need an analyst token. */
  function downloadCsv(path, fileName) {
    var headers = { Accept: 'text/csv' };
    var token = api.token();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    var url = path + (path.indexOf('?') < 0 ? '?' : '&') + 'format=csv';
    return fetch(url, { headers: headers }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return null; }).then(function (body) {
          throw new Error(body && body.message ? body.message : 'The API answered HTTP ' + response.status);
        });
      }
      return response.blob();
    }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.revlakeLastDownload = { path: url, file: fileName, bytes: blob.size };
    });
  }

  /** Fills a table body from rows: columns are [{key, label?, format?: fn(value,row), num?: bool}]. */
  function fillTable(tbody, rows, columns, onRow) {
    tbody.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      columns.forEach(function (c) {
        var td = document.createElement('td');
        var v = r[c.key];
        td.textContent = c.format ? c.format(v, r) : (v === null || v === undefined ? '–' : String(v));
        if (c.num) { td.className = 'num'; }
        tr.appendChild(td);
      });
      if (onRow) { onRow(tr, r); }
      tbody.appendChild(tr);
    });
  }

  window.RevLakeUi = {
    state: state, money: money, moneyIn: moneyIn, compact: compact, days: days, integer: integer,
    monthLabel: monthLabel, cents: cents, setState: setState, errorMessage: errorMessage, chart: chart,
    baseOption: baseOption, params: params, writeParams: writeParams, downloadCsv: downloadCsv, fillTable: fillTable
  };
}());
