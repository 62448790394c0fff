// Routes of the staff application. Each page names the capability (auth.js) that shows it in the
// sidebar; the menu is built from this table so menu and routes cannot disagree. Hash history keeps
// every page reachable from the one index.html the server serves at "/".
import { createRouter, createWebHashHistory } from 'vue-router'
import { session, restore, can } from './auth.js'
import Layout from './layout/Layout.vue'

export const menu = [
  { path: '/dashboard', title: '首页', icon: 'HomeFilled', cap: 'dashboard', component: () => import('./views/Dashboard.vue') },
  {
    title: '名录管理', icon: 'Collection', children: [
      { path: '/directory/objects', title: '检查对象名录', cap: 'directory.read', component: () => import('./views/Directory.vue'), props: { kind: 'objects' } },
      { path: '/directory/people', title: '执法检查人员名录', cap: 'directory.read', component: () => import('./views/Directory.vue'), props: { kind: 'people' } },
      { path: '/directory/conflicts', title: '回避关系', cap: 'directory.read', component: () => import('./views/Directory.vue'), props: { kind: 'conflicts' } },
      { path: '/directory/items', title: '随机抽查事项清单', cap: 'directory.read', component: () => import('./views/Directory.vue'), props: { kind: 'items' } },
      { path: '/directory/changes', title: '名录动态调整', cap: 'directory.read', component: () => import('./views/DirectoryChanges.vue') },
    ],
  },
  {
    title: '抽查计划', icon: 'Calendar', children: [
      { path: '/plans', title: '年度抽查计划', cap: 'plan.read', component: () => import('./views/Plans.vue') },
      { path: '/plan-inbox', title: '备案收件箱', cap: 'plan.review', component: () => import('./views/PlanInbox.vue') },
    ],
  },
  {
    title: '随机抽取', icon: 'Aim', children: [
      { path: '/draws', title: '抽取会议', cap: 'draw.read', component: () => import('./views/Draws.vue') },
      { path: '/targeted', title: '定向检查', cap: 'draw.read', component: () => import('./views/Targeted.vue') },
    ],
  },
  { path: '/tasks', title: '检查任务', icon: 'List', cap: 'task.read', component: () => import('./views/Tasks.vue') },
  { path: '/problems', title: '问题闭环', icon: 'Warning', cap: 'report.read', component: () => import('./views/Problems.vue') },
  { path: '/disclosures', title: '结果公开', icon: 'Promotion', cap: 'disclosure.read', component: () => import('./views/Disclosures.vue') },
  { path: '/stats', title: '统计分析', icon: 'DataAnalysis', cap: 'report.read', component: () => import('./views/Stats.vue') },
  { path: '/audit', title: '审计链', icon: 'Lock', cap: 'audit.read', component: () => import('./views/Audit.vue') },
  {
    title: '系统管理', icon: 'Setting', children: [
      { path: '/units', title: '单位管理', cap: 'unit.read', component: () => import('./views/Units.vue') },
      { path: '/users', title: '用户管理', cap: 'user.manage', component: () => import('./views/Users.vue') },
    ],
  },
]

// Pages reached from a list, not from the menu.
const hidden = [
  { path: '/plans/:unit/:year', title: '计划编制', cap: 'plan.read', component: () => import('./views/PlanEditor.vue'), props: true },
  { path: '/draws/:id', title: '抽取会议', cap: 'draw.read', component: () => import('./views/DrawMeeting.vue'), props: true },
  { path: '/tasks/:id', title: '检查任务详情', cap: 'task.read', component: () => import('./views/TaskDetail.vue'), props: true },
]

function flat(list) {
  return list.flatMap((m) => (m.children ? flat(m.children) : [m]))
}

const children = [...flat(menu), ...hidden].map((m) => ({
  path: m.path.slice(1),
  component: m.component,
  props: m.props,
  meta: { title: m.title, cap: m.cap },
}))

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', component: () => import('./views/Login.vue'), meta: { title: '登录', open: true } },
    { path: '/', component: Layout, redirect: '/dashboard', children },
    { path: '/:rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在', open: true } },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.open) return true
  const user = await restore()
  if (!user) return { path: '/login', query: { redirect: to.fullPath } }
  if (to.meta.cap && !can(to.meta.cap)) return { path: '/dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '双随机、一公开监管系统'
})

export { session }
export default router
