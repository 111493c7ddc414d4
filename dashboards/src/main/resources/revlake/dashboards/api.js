/*
 * RevLake dashboards: calling the API. Every API call needs a token (Authorization: Bearer). Open a page once as
 * /?token=VIEWER_TOKEN: the token is moved into sessionStorage (this tab only, gone when it closes) and removed
 * from the address bar, then sent as a header with every call. It is never put in a URL the page requests.
 */
(function () {
  'use strict';

  var KEY = 'revlake.token';

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  (function takeTokenFromUrl() {
    var url = new URL(window.location.href);
    var token = url.searchParams.get('token');
    if (token === null) { return; }
    var s = storage();
    if (s && token) { s.setItem(KEY, token); }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }());

  function token() {
    var s = storage();
    return s ? s.getItem(KEY) : null;
  }

  function ApiError(status, body, retryAfter) {
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
    if (status === 401) {
      this.message = (token() ? 'The API token this tab holds is not valid. ' : 'This dashboard needs an API token. ')
        + 'Open it as ' + window.location.origin + window.location.pathname + '?token=VIEWER_TOKEN: `./revlake serve`'
        + ' prints the tokens when it creates the tokens file (by default ~/.revlake/tokens, one "ROLE TOKEN" per line).';
    } else {
      this.message = (body && body.message) || ('The API answered HTTP ' + status);
    }
  }

  function fetchJson(url) {
    var headers = { Accept: 'application/json' };
    var t = token();
    if (t) { headers.Authorization = 'Bearer ' + t; }
    return fetch(url, { headers: headers, cache: 'no-cache' }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) {
          throw new ApiError(response.status, body, Number(response.headers.get('Retry-After')) || null);
        }
        return body;
      });
    });
  }

  window.RevLakeApi = { fetchJson: fetchJson, ApiError: ApiError, token: token };
}());
