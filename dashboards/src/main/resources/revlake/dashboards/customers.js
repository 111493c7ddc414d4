/*
 * RevLake customers list: the paying customers of the latest month from /api/v1/customers (role analyst), largest
 * MRR first, and a CSV download of the same rows (fetched with the token, saved from a blob). Exposes
 * window.revlake = {customers: rows, month} and sets <body data-ready="true"> when done.
 */
(function () {
  'use strict';

  var api = window.RevLakeApi;
  var statusEl = document.getElementById('status');
  var body = document.querySelector('#customers tbody');
  var download = document.getElementById('download');

  function setState(kind, message) {
    document.body.dataset.state = kind;
    statusEl.hidden = !message;
    statusEl.textContent = message || '';
  }

  function money(value, currency) {
    return value === null || value === undefined ? '–'
      : new Intl.NumberFormat('en-US', { style: 'currency', currency: currency }).format(value);
  }

  function cell(row, text, numeric) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : text;
    if (numeric) { td.className = 'num'; }
    row.appendChild(td);
  }

  function render(data) {
    body.textContent = '';
    data.rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.customer = r.customer_id;
      var link = document.createElement('a');
      link.href = '/customer.html?id=' + encodeURIComponent(r.customer_id);
      link.textContent = r.customer_id;
      var idCell = document.createElement('td');
      idCell.appendChild(link);
      tr.appendChild(idCell);
      cell(tr, r.segment);
      cell(tr, r.region);
      cell(tr, r.channel);
      cell(tr, r.currency);
      cell(tr, money(r.mrr_source_currency, r.currency), true);
      cell(tr, money(r.mrr, data.currency), true);
      body.appendChild(tr);
    });
    document.getElementById('subtitle').textContent = data.month
      ? data.rows.length + ' paying customers at the end of ' + data.month + ' · ' + data.currency
      : 'No customer months yet';
  }

  function saveCsv() {
    var headers = { Accept: 'text/csv' };
    var token = api.token();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    fetch('/api/v1/customers?format=csv', { headers: headers }).then(function (response) {
      if (!response.ok) { throw new Error('The API answered HTTP ' + response.status); }
      return response.blob();
    }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'customers.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }).catch(function (error) { setState('error', String(error.message || error)); });
  }

  download.addEventListener('click', saveCsv);
  setState('loading', 'Loading…');
  api.fetchJson('/api/v1/customers').then(function (data) {
    render(data);
    window.revlake = { customers: data.rows, month: data.month };
    download.disabled = false;
    setState('ready', null);
    document.body.dataset.ready = 'true';
  }).catch(function (error) {
    window.revlake = { customers: [], error: error && error.body ? error.body : String(error) };
    setState('error', error && error.message ? error.message : String(error));
    document.body.dataset.ready = 'true';
  });
}());
