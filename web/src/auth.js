// The signed-in user (from POST/GET /api/session) and what the interface shows them. These checks
// only decide which menus and buttons appear; every decision that matters is made again by the
// server's operations layer, which refuses with 403 and a Chinese message whatever the page shows.
import { reactive } from 'vue'
import { api, setCsrf } from './api.js'

export const session = reactive({ user: null, checked: false })

export const ROLES = ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督', '公开审核', '系统管理员', '安全管理员', '审计管理员']

// Capability → roles that may see it. Names follow docs/ROLES.md's actions loosely.
const CAN = {
  'dashboard': ROLES,
  'directory.read': ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督'],
  'directory.import': ['市局管理员', '分局管理员', '科室人员'],
  'directory.export': ['市局管理员', '分局管理员', '科室人员', '监督'],
  'items.write': ['市局管理员', '科室人员'],
  'plan.read': ['市局管理员', '分局管理员', '科室人员', '监督'],
  'plan.write': ['市局管理员', '分局管理员', '科室人员'],
  'plan.file': ['市局管理员', '分局管理员'],
  'plan.inbox': ['市局管理员'],
  'draw.read': ['市局管理员', '分局管理员', '科室人员', '监督'],
  'draw.run': ['市局管理员', '分局管理员'],
  'task.read': ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督', '公开审核'],
  'task.result': ['执法人员', '市局管理员', '分局管理员'],
  'problem.read': ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督'],
  'problem.write': ['市局管理员', '分局管理员', '科室人员'],
  'disclosure.read': ['公开审核', '市局管理员', '分局管理员', '监督'],
  'disclosure.write': ['公开审核'],
  'audit.read': ['监督', '审计管理员'],
  'unit.read': ['系统管理员', '市局管理员'],
  'unit.write': ['系统管理员'],
  'user.read': ['系统管理员', '安全管理员'],
  'user.write': ['系统管理员'],
  'user.roles': ['安全管理员'],
  'user.lock': ['安全管理员', '系统管理员'],
  'stats.read': ['市局管理员', '分局管理员', '科室人员', '监督'],
}

export function can(cap) {
  const u = session.user
  if (!u) return false
  const allowed = CAN[cap]
  return !!allowed && (u.roles || []).some((r) => allowed.includes(r))
}

export function isCity() {
  const u = session.user
  return !!u && u.unit && u.unit.level === 'city'
}

export async function signIn(name, password) {
  const r = await api.post('/api/session', { name, password }, { quiet: true })
  setCsrf(r.csrf)
  session.user = r.user
  session.checked = true
  return r.user
}

export async function restore() {
  if (session.checked) return session.user
  try {
    const r = await api.get('/api/session', null, { quiet: true })
    // A new tab has an empty sessionStorage: take the session's CSRF token from the server if given.
    if (r && r.csrf) setCsrf(r.csrf)
    session.user = r.user || r
  } catch {
    session.user = null
  }
  session.checked = true
  return session.user
}

export async function signOut() {
  try { await api.del('/api/session', { quiet: true }) } catch { /* already signed out */ }
  setCsrf('')
  session.user = null
}
