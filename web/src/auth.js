// The signed-in user (from POST/GET /api/session) and what the interface shows them. These checks
// only decide which menus and buttons appear; every decision that matters is made again by the
// server's operations layer, which refuses with 403 and a Chinese message whatever the page shows.
import { reactive } from 'vue'
import { api, setCsrf } from './api.js'

export const session = reactive({ user: null, checked: false })

export const ROLES = ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督', '公开审核', '系统管理员', '安全管理员', '审计管理员']

// Capability → roles that may see it. The codes and roles are those of docs/ROLES.md (the server's
// one role table, op/authz.c); scope (本单位 / 本组任务 …) is the server's business. The server sends the
// user's codes ("can": [codes] in the session, from op/authz.c's table): those are used instead of this
// copy, which remains for a server that does not send them and for the interface's own LOCAL codes.
const ALL_BUSINESS = ['市局管理员', '分局管理员', '科室人员', '执法人员', '监督', '公开审核']
const CAN = {
  'dashboard': ROLES,
  'directory.read': ALL_BUSINESS,
  'directory.write': ['市局管理员', '分局管理员'],
  'item.write': ['市局管理员', '分局管理员', '科室人员'],
  'plan.read': ALL_BUSINESS,
  'plan.write': ['市局管理员', '分局管理员', '科室人员'],
  'plan.file': ['市局管理员', '分局管理员'],
  'plan.review': ['市局管理员'],
  'targeted.create': ['市局管理员', '分局管理员'],
  'draw.read': ['市局管理员', '分局管理员', '监督'],
  'draw.announce': ['市局管理员', '分局管理员'],
  'draw.run': ['市局管理员', '分局管理员'],
  'draw.reveal': ['市局管理员', '分局管理员'],
  'draw.approve': ['监督'],
  'task.read': ['市局管理员', '分局管理员', '执法人员', '监督', '公开审核'],
  'result.record': ['市局管理员', '分局管理员', '执法人员'],
  'problem.step': ['市局管理员', '分局管理员', '执法人员'],
  'disclosure.publish': ['市局管理员', '分局管理员', '执法人员', '公开审核'],
  'disclosure.withhold': ['市局管理员', '分局管理员', '公开审核'],
  'report.read': ALL_BUSINESS,
  'audit.read': ['市局管理员', '监督', '审计管理员'],
  'user.manage': ['系统管理员', '安全管理员'],
  'role.assign': ['安全管理员'],
  'unit.read': ['系统管理员', '市局管理员'],
  'unit.manage': ['系统管理员'],
}
// Codes of the interface that the server's table does not have (decided by the copy above).
const LOCAL = new Set(['dashboard', 'unit.read'])
// Capabilities of the interface that are unions of the table's codes.
const DERIVED = {
  'directory.export': ['directory.read'],
  'disclosure.read': ['disclosure.publish', 'disclosure.withhold', 'report.read'],
}

export function can(cap) {
  const u = session.user
  if (!u) return false
  if (DERIVED[cap]) return DERIVED[cap].some(can)
  if (cap === 'plan.review') return isCity() && has(u, cap)
  return has(u, cap)
}

function has(u, cap) {
  if (cap === 'dashboard') return true
  if (Array.isArray(u.can) && !LOCAL.has(cap)) return u.can.includes(cap)
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
