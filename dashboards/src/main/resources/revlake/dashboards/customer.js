/*
 * RevLake customer 360: /api/v1/customers/{id} (role analyst) for the id in the URL (?id=…): profile, MRR history,
 * revenue schedule, movements, open invoices, days to pay and bookings. Exposes window.revlake = {customer: answer}
 * and sets <body data-ready="true">. The CSV download is the MRR history (the answer's rows).
 */
(function () {
  'use strict';

  var api = window.RevLakeApi;
  var ui = window.RevLakeUi;
  var id = ui.params().get('id');

  function profileItem(label, value) {
    var div = document.createElement('div');
    div.textContent = label;
    var strong = document.createElement('strong');
    strong.textContent = value === null || value === undefined ? '–' : value;
    div.appendChild(strong);
    document.getElementById('profile').appendChild(div);
  }

  function render(c) {
    var p = c.profile;
    ui.state.currency = c.currency || ui.state.currency;
    document.getElementById('title').textContent = 'Customer ' + c.customer_id;
    document.title = 'RevLake · ' + c.customer_id;
    document.getElementById('subtitle').textContent = [p.segment, p.region, p.channel, p.plan, p.currency].filter(Boolean).join(' · ');
    document.getElementById('profile').textContent = '';
    profileItem('Latest MRR', ui.money(p.latest_mrr));
    profileItem('Paying', p.first_paying_month ? ui.monthLabel(p.first_paying_month) + ' – ' + ui.monthLabel(p.last_paying_month) : null);
    profileItem('Open AR' + (p.open_ar_as_of ? ' at ' + p.open_ar_as_of : ''), ui.money(p.open_ar_reporting));
    profileItem('Open invoices', ui.integer(p.open_invoices));
    profileItem('CLV (formula)', ui.money(p.clv_formula));
    profileItem('CLV (predictive)', ui.money(p.clv_predictive));
    profileItem('Historical revenue', ui.money(p.historical_revenue));

    var s = c.sections;
    var option = ui.baseOption();
    option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return ui.money(v); } };
    option.xAxis = { type: 'category', data: s.mrr.map(function (r) { return r.month; }), axisLabel: { formatter: ui.monthLabel } };
    option.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    option.series = [{ id: 'mrr', name: 'MRR', type: 'line', step: 'end', areaStyle: { opacity: 0.08 },
      data: s.mrr.map(function (r) { return r.mrr; }) }];
    ui.chart('customer-mrr').setOption(option, { notMerge: true });

    var byMonth = {};
    s.revenue_schedule.forEach(function (r) {
      var key = r.month;
      byMonth[key] = byMonth[key] || { recognized: 0, scheduled: 0 };
      byMonth[key][r.is_recognized ? 'recognized' : 'scheduled'] += ui.cents(r.recognized_reporting);
    });
    var months = Object.keys(byMonth).sort();
    var schedule = ui.baseOption();
    schedule.tooltip = { trigger: 'axis', valueFormatter: function (v) { return ui.money(v); } };
    schedule.xAxis = { type: 'category', data: months, axisLabel: { formatter: ui.monthLabel } };
    schedule.yAxis = { type: 'value', axisLabel: { formatter: ui.compact } };
    schedule.series = [
      { id: 'recognized', name: 'Recognised', type: 'bar', stack: 'rev', itemStyle: { color: '#2f6fde' },
        data: months.map(function (m) { return byMonth[m].recognized / 100; }) },
      { id: 'scheduled', name: 'Scheduled', type: 'bar', stack: 'rev', itemStyle: { color: '#9bb8ee' },
        data: months.map(function (m) { return byMonth[m].scheduled / 100; }) }
    ];
    ui.chart('customer-schedule').setOption(schedule, { notMerge: true });

    ui.fillTable(document.querySelector('#movements tbody'), s.movements, [
      { key: 'month', format: ui.monthLabel }, { key: 'movement' },
      { key: 'amount', num: true, format: function (v) { return ui.money(v); } }]);
    ui.fillTable(document.querySelector('#invoices tbody'), s.open_invoices, [
      { key: 'invoice_id' }, { key: 'due_date' }, { key: 'bucket' },
      { key: 'open_amount', num: true, format: function (v, r) { return ui.moneyIn(v, r.currency); } },
      { key: 'open_amount_reporting', num: true, format: function (v) { return ui.money(v); } }]);
    ui.fillTable(document.querySelector('#payment-days tbody'), s.payment_days, [
      { key: 'currency' }, { key: 'payments', num: true, format: ui.integer },
      { key: 'avg_days_to_pay', num: true, format: ui.days }, { key: 'avg_days_late', num: true, format: ui.days }]);
    ui.fillTable(document.querySelector('#bookings tbody'), s.bookings, [
      { key: 'booked_date' }, { key: 'booking_type' }, { key: 'booking_id' },
      { key: 'tcv', num: true, format: function (v, r) { return ui.moneyIn(v, r.currency); } }]);
  }

  function start() {
    if (!id) {
      window.revlake = { customer: null };
      ui.setState('empty', 'No customer chosen: open this page from the customer list (customer.html?id=…).');
      document.body.dataset.ready = 'true';
      return;
    }
    if (!window.echarts) {
      ui.setState('error', 'The charts library did not load (/webjars/echarts/5.3.1/dist/echarts.min.js).');
      document.body.dataset.ready = 'true';
      return;
    }
    ui.setState('loading', 'Loading ' + id + '…');
    api.fetchJson('/api/v1/customers/' + encodeURIComponent(id)).then(function (c) {
      ui.setState('ready', null);
      render(c);
      window.revlake = { customer: c };
      var download = document.getElementById('download');
      download.disabled = false;
      download.addEventListener('click', function () {
        ui.downloadCsv('/api/v1/customers/' + encodeURIComponent(id), 'customer-' + id + '-mrr.csv')
          .catch(function (error) { ui.setState('error', String(error.message || error)); });
      });
      document.body.dataset.ready = 'true';
    }).catch(function (error) {
      window.revlake = { customer: null, error: error && error.body ? error.body : String(error) };
      ui.setState('error', ui.errorMessage(error));
      document.body.dataset.ready = 'true';
    });
  }

  start();
}());
