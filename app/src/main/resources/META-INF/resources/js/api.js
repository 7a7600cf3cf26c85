// The app's own API: JSON in and out, errors as thrown Errors that name the field.

// With access keys configured the server answers 401 to usage, deployments, plan changes and
// chat: the key is asked for once and kept for this browser session only (never in a URL).
const KEY = 'advisor-api-key';

function authHeaders(extra = {}) {
  const key = sessionStorage.getItem(KEY);
  return key ? { ...extra, Authorization: 'Bearer ' + key } : extra;
}

export async function authorizedFetch(path, options = {}) {
  const call = () => fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
  let res = await call();
  if (res.status === 401) {
    const key = window.prompt('This server needs an API key (one of ADVISOR_API_KEYS):');
    if (key) {
      sessionStorage.setItem(KEY, key.trim());
      res = await call();
    }
  }
  return res;
}

export async function api(path, options = {}) {
  const res = await authorizedFetch(path, { ...options, headers: { 'Content-Type': 'application/json', ...(options.headers || {}) } });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new Error(body && body.error ? body.error.message : res.statusText);
    err.field = body && body.error ? (body.error.field || body.error.param) : null;
    err.status = res.status;
    throw err;
  }
  return body;
}

export const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body) });

let quantizations = null;

/** The quantization recipes the catalog lists as the usual ladder, largest first (fetched once). */
export async function commonQuantizations() {
  if (!quantizations) {
    quantizations = api('/api/catalog/quantizations').then(rows => rows.filter(q => q.common).map(q => q.name));
  }
  return quantizations;
}
