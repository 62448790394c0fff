// End to end against a real `suiji serve` (the binary ctest names in $SUIJI) and the built web/dist in
// headless chromium: every role signs in and sees its own menu; a wrong password shows the server's
// message; the system administrator adds a unit and a user, locks the user, and is refused (with the
// server's Chinese reason) when appointing an audit administrator; a user changes their own password;
// a session ended behind the page's back sends the page to 登录; an inspector works on a tablet; the city
// administrator's dashboard draws its four charts from GET /api/stats on a year made with the command line.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { root, run, newPage, check, assertClean, haveDist, screenshot, VIEWPORTS, makeDb, startServer, signIn, signOut, menuTitles, serverToday, ADMIN, PW } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const today = serverToday('2026-05-13T10:00:00+08:00') // the server's day: the dashboard's year and quarter
const db = makeDb()
const srv = await startServer(db)

// The sidebar's top level for each role (docs/ROLES.md through web/src/auth.js).
const MENUS = {
  [ADMIN]: ['首页', '名录管理', '抽查计划', '随机抽取', '检查任务', '问题闭环', '结果公开', '统计分析', '审计链', '系统管理'],
  分局甲: ['首页', '名录管理', '抽查计划', '随机抽取', '检查任务', '问题闭环', '结果公开', '统计分析'],
  科员甲: ['首页', '名录管理', '抽查计划', '问题闭环', '结果公开', '统计分析'],
  执法甲: ['首页', '名录管理', '抽查计划', '检查任务', '问题闭环', '结果公开', '统计分析'],
  监督员: ['首页', '名录管理', '抽查计划', '随机抽取', '检查任务', '问题闭环', '结果公开', '统计分析', '审计链'],
  审核员: ['首页', '名录管理', '抽查计划', '检查任务', '问题闭环', '结果公开', '统计分析'],
  系统员: ['首页', '系统管理'],
  安全员: ['首页', '系统管理'],
  审计员: ['首页', '审计链'],
}

async function topMenu(page) {
  return page.locator('.aside .el-menu:not(.el-menu--inline) > li > .el-sub-menu__title, .aside .el-menu:not(.el-menu--inline) > li.el-menu-item').allTextContents().then((a) => a.map((t) => t.trim()))
}

await run('每个角色登录后看到各自的菜单，退出后回到登录页', async (browser) => {
  const page = await newPage(browser)
  for (const [name, menu] of Object.entries(MENUS)) {
    await signIn(page, srv.url, name)
    const shown = await topMenu(page)
    check(JSON.stringify(shown) === JSON.stringify(menu), `${name} 的菜单应为 ${menu.join('、')}，实际为 ${shown.join('、')}`)
    check((await page.locator('[data-test=user-menu]').innerText()).includes(name), `顶栏应显示 ${name}`)
    await signOut(page)
  }
  assertClean(page)
})

await run('口令错误时显示服务器的中文说明，不进入系统', async (browser) => {
  const page = await newPage(browser)
  await page.goto(srv.url + '/#/login')
  await page.getByPlaceholder('用户名').fill('科员甲')
  await page.getByPlaceholder('密码').fill('Wrong-pass-1')
  await page.locator('[data-test=login]').click()
  await page.getByText(/用户名或口令错误/).waitFor({ timeout: 30000 })
  check(page.url().includes('#/login'), '口令错误时应停留在登录页')
  await signIn(page, srv.url, '科员甲')
  assertClean(page)
})

await run('系统管理员新增单位和用户、锁定用户；任命审计管理员被拒绝并显示原因', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '系统员')
  await page.goto(srv.url + '/#/units')
  const units = page.locator('[data-test=unit-table]')
  await units.getByText('沁阳分局').waitFor({ timeout: 30000 })
  check(await units.getByText('修武分局').isVisible(), '单位列表应有修武分局')
  await page.getByRole('button', { name: '新增单位' }).click()
  const ud = page.locator('.el-dialog').filter({ hasText: '新增单位' })
  await ud.locator('[data-test=unit-name]').fill('孟州分局')
  await ud.locator('[data-test=unit-regions]').fill('410883')
  await ud.getByRole('button', { name: '保存' }).click()
  await units.getByText('孟州分局').waitFor({ timeout: 30000 })
  check(db.cli(['unit', 'list']).includes('孟州分局'), 'suiji unit list 应列出网页新增的孟州分局')
  await screenshot(page, 'units')

  await page.goto(srv.url + '/#/users')
  const users = page.locator('[data-test=user-table]')
  await users.getByText('执法甲').waitFor({ timeout: 30000 })
  await page.getByRole('button', { name: '新增用户' }).click()
  const nd = page.locator('.el-dialog').filter({ hasText: '新增用户' })
  await nd.locator('[data-test=user-name]').fill('新科员')
  await nd.locator('[data-test=user-password]').fill('Xin-keyuan-2026')
  await nd.locator('.el-select').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '沁阳分局' }).click()
  await nd.getByText('科室人员', { exact: true }).click()
  await nd.getByRole('button', { name: '保存' }).click()
  const row = users.locator('tr').filter({ hasText: '新科员' })
  await row.waitFor({ timeout: 30000 })
  check((await row.innerText()).includes('沁阳分局'), '新用户应属于沁阳分局')
  await row.getByRole('button', { name: '锁定' }).click()
  await row.getByText('已锁定').waitFor({ timeout: 30000 })
  check(db.cli(['user', 'list']).includes('新科员'), 'suiji user list 应列出网页新增的用户')
  await screenshot(page, 'users')

  // 三员分立: only the security administrator appoints an audit administrator.
  await page.getByRole('button', { name: '新增用户' }).click()
  await nd.locator('[data-test=user-name]').fill('越权员')
  await nd.locator('[data-test=user-password]').fill('Yue-quan-2026x')
  await nd.getByText('审计管理员', { exact: true }).click()
  await nd.getByRole('button', { name: '保存' }).click()
  const msg = page.locator('.el-message--error')
  await msg.waitFor({ timeout: 30000 })
  const text = await msg.innerText()
  check(text.includes('无权限') && text.includes('审计管理员'), `应显示服务器的拒绝原因（无权限……审计管理员），实际为“${text}”`)
  check(!db.cli(['user', 'list']).includes('越权员'), '被拒绝的用户不应写入')
  assertClean(page)
})

await run('本人修改口令后用新口令登录', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '审核员')
  await page.locator('[data-test=user-menu]').click()
  await page.getByText('修改密码').click()
  const d = page.locator('.el-dialog').filter({ hasText: '修改密码' })
  await d.locator('input').nth(0).fill(PW)
  await d.locator('input').nth(1).fill('Shenhe-2027-new')
  await d.locator('input').nth(2).fill('Shenhe-2027-new')
  await d.getByRole('button', { name: '确定' }).click()
  await page.getByText('密码已修改').waitFor({ timeout: 30000 })
  await signOut(page)
  await signIn(page, srv.url, '审核员', 'Shenhe-2027-new')
  assertClean(page)
})

await run('会话在页面之外结束后，下一次操作回到登录页', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, ADMIN)
  await page.context().clearCookies()
  await page.goto(srv.url + '/#/users')
  await page.waitForURL(/#\/login/, { timeout: 30000 })
  check(decodeURIComponent(page.url()).includes('redirect=/users'), '登录后应能回到原来的页面（redirect 参数）')
  await page.getByPlaceholder('用户名').fill(ADMIN)
  await page.getByPlaceholder('密码').fill(PW)
  await page.locator('[data-test=login]').click()
  await page.waitForURL(/#\/users/, { timeout: 30000 })
})

await run('执法人员在平板（768×1024 竖屏）上使用：菜单收起为图标，页面不横向溢出', async (browser) => {
  const page = await newPage(browser, VIEWPORTS.tabletPortrait)
  await signIn(page, srv.url, '执法甲')
  const aside = await page.locator('.aside').boundingBox()
  check(aside && aside.width <= 64, `平板上侧栏应收起（宽 ${aside && aside.width}）`)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  check(overflow <= 0, `页面横向溢出 ${overflow} 像素`)
  await screenshot(page, 'inspector-tablet')
  assertClean(page)
})

await run('市局管理员的首页：覆盖情况、问题、公开及时性、执法人员任务量四张图都有数据', async (browser) => {
  // The year so far, made with the command line: the city's plan (its two city-managed key units every
  // quarter), this quarter's draw, both visits inspected (one with two problems, one of them assigned),
  // one result published; three more certified officers of the city to staff the teams.
  const year = Number(today.slice(0, 4))
  const quarter = `${year}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`
  for (const k of ['items', 'objects', 'conflicts']) db.cli(['import', k, join(root, `tests/data/dir/${k}.csv`)])
  writeFileSync(join(db.dir, 'people2.csv'), '人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗\n' +
    'P0011,周一,执法,41080010011,焦作市生态环境局,执法支队,执法队员,410800,5,水,是\n' +
    'P0012,吴二,执法,41080010012,焦作市生态环境局,执法支队,执法队员,410800,5,大气,是\n' +
    'P0013,郑三,执法,41080010013,焦作市生态环境局,执法支队,执法队员,410800,5,固废,是\n')
  db.cli(['import', 'people', join(db.dir, 'people2.csv')])
  db.cli(['plan', 'new', '--year', String(year)])
  db.cli(['plan', 'line', 'add', '--year', String(year), '--name', '市管重点排污单位季度检查', '--items', 'JZ-001', '--class', '重点', '--city-managed', '是', '--each'])
  db.cli(['plan', 'file', '--year', String(year), '--out-dir', db.dir])
  db.cli(['draw', 'announce', '--year', String(year), '--lines', '1', '--period', quarter, '--beacon-source', '福彩3D 开奖号码'])
  db.cli(['draw', 'run', '1', '--beacon', '3 1 4'])
  db.cli(['result', 'record', '1', '--result', '发现问题已责令整改', '--date', today, '--problem', 'JZ-001:废水排放口标识缺失', '--problem', 'JZ-001:台账记录不全'])
  db.cli(['result', 'record', '2', '--result', '未发现问题', '--date', today])
  db.cli(['disclosure', 'publish', '2'])
  const due = new Date(Date.parse(today + 'T00:00:00Z') + 30 * 86400000).toISOString().slice(0, 10)
  db.cli(['problems', 'assign', '1', '--to', '被检查单位', '--deadline', due])

  const page = await newPage(browser)
  await signIn(page, srv.url, ADMIN)
  await page.goto(srv.url + '/#/dashboard')
  for (const c of ['coverage', 'problems', 'timeliness', 'officers']) {
    const chart = page.locator(`[data-test=chart-${c}] .chart`)
    await chart.locator('canvas').first().waitFor({ timeout: 30000 })
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.points) > 0, `[data-test=chart-${c}] .chart`, { timeout: 30000 })
    const box = await chart.boundingBox()
    check(box && box.width > 200 && box.height > 200, `${c} 图应有大小（${box && box.width}×${box && box.height}）`)
  }
  const card = (k) => page.locator(`[data-test=card-${k}] .num`).innerText()
  check(await card('drawn') === '2' && await card('inspected') === '2', `已抽取、已检查应为 2 家次（${await card('drawn')}、${await card('inspected')}）`)
  // the minimum counts every unit, with a plan or not (沁阳分局 has none: its one key unit, 5 % a quarter → 4)
  check(await card('required') === '14' && await card('planned') === '8', `第七条最低要求 14（市局 10、沁阳分局 4）、计划 8（${await card('required')}、${await card('planned')}）`)
  await page.setViewportSize({ width: 1366, height: 1200 }) // the whole page in the picture
  await page.waitForTimeout(1000) // the charts' resize and entry animation
  await screenshot(page, 'dashboard')
  assertClean(page)
})

await srv.stop()
