// The JSON API client of the staff application (contract: API-CONTRACT.md, server docs/API.md).
// Every request goes with the session cookie (credentials 'same-origin'); every state-changing
// request carries the CSRF token the sign-in returned, kept in memory and sessionStorage (never in a
// cookie the script could leak elsewhere). A 401 sends the user to 登录; any other refusal becomes an
// ApiError carrying the server's Chinese message (and, for 422, the rows with their line numbers).
import { ElMessage } from 'element-plus'

const TOKEN_KEY = 'suiji.csrf'
let csrf = sessionStorage.getItem(TOKEN_KEY) || ''
let onUnauthorized = () => {}

export function setCsrf(token) {
  csrf = token || ''
  if (csrf) sessionStorage.setItem(TOKEN_KEY, csrf)
  else sessionStorage.removeItem(TOKEN_KEY)
}
export function csrfToken() { return csrf }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }

export class ApiError extends Error {
  constructor(status, message, rows) {
    super(message)
    this.status = status
    this.rows = rows || []
  }
}

function query(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.set(k, v === true ? '1' : v === false ? '0' : String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

async function failure(res) {
  let body = null
  try { body = await res.json() } catch { /* not JSON */ }
  const fallback = {
    400: '请求内容有误', 401: '未登录或登录已过期，请重新登录', 403: '没有权限执行此操作',
    404: '未找到请求的内容', 409: '当前状态不允许此操作', 413: '上传内容过大', 422: '数据有误',
  }[res.status] || `服务器错误（${res.status}）`
  return new ApiError(res.status, (body && body.error) || fallback, body && body.rows)
}

export async function request(method, path, { params, body, raw, headers, quiet } = {}) {
  const h = { Accept: 'application/json', ...(headers || {}) }
  const init = { method, credentials: 'same-origin', headers: h }
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrf) h['X-CSRF-Token'] = csrf
    if (raw !== undefined) init.body = raw
    else if (body !== undefined) { h['Content-Type'] = 'application/json'; init.body = JSON.stringify(body) }
  }
  let res
  try {
    res = await fetch(path + query(params), init)
  } catch (e) {
    const err = new ApiError(0, '无法连接服务器，请检查网络')
    if (!quiet) ElMessage.error(err.message)
    throw err
  }
  if (!res.ok) {
    const err = await failure(res)
    if (res.status === 401 && !path.startsWith('/api/session')) onUnauthorized()
    else if (!quiet && res.status !== 422) ElMessage.error(err.message)
    throw err
  }
  if (res.status === 204) return null
  const type = res.headers.get('Content-Type') || ''
  return type.includes('json') ? res.json() : res.text()
}

export const api = {
  get: (path, params, opts) => request('GET', path, { params, ...(opts || {}) }),
  post: (path, body, opts) => request('POST', path, { body, ...(opts || {}) }),
  put: (path, body, opts) => request('PUT', path, { body, ...(opts || {}) }),
  del: (path, opts) => request('DELETE', path, opts || {}),
}

// Uploads a file's bytes with XMLHttpRequest, which (unlike fetch) reports upload progress.
// onProgress receives a percentage 0–100. Resolves with the parsed JSON; rejects with ApiError.
export function upload(path, file, params, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path + query(params))
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name))
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded * 100) / e.total)) }
    xhr.onerror = () => reject(new ApiError(0, '上传失败：无法连接服务器'))
    xhr.onload = () => {
      let body = null
      try { body = JSON.parse(xhr.responseText) } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body)
      if (xhr.status === 401) onUnauthorized()
      reject(new ApiError(xhr.status, (body && body.error) || `上传失败（${xhr.status}）`, body && body.rows))
    }
    xhr.send(file)
  })
}

// Opens a server-rendered official document (filing document, draw record, task notice) in a new
// window and prints it once loaded. The document is same-origin, so the session cookie applies.
export function printDocument(path) {
  const w = window.open(path, '_blank')
  if (!w) { ElMessage.warning('浏览器阻止了弹出窗口，请允许本站弹出窗口后重试'); return }
  // The new window starts as about:blank; listeners added now would be lost when the document
  // arrives, so wait (same origin: readable) until the document itself has loaded, then print.
  const started = Date.now()
  const timer = setInterval(() => {
    let ready = false
    try { ready = w.location.href !== 'about:blank' && w.document.readyState === 'complete' } catch { ready = false }
    if (w.closed || Date.now() - started > 30000) return clearInterval(timer)
    if (ready) { clearInterval(timer); w.focus(); w.print() }
  }, 200)
}

// Downloads an export (CSV / Excel / JSON) by navigating to it; the cookie authorises the GET.
export function download(path, params) {
  const a = document.createElement('a')
  a.href = path + query(params)
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
