// End to end: the draw meeting. On a database where 修武分局 has filed its 2027 plan (made with the
// command line), the branch administrator announces a draw in the browser, shows the commitment, enters
// the public number on the announced day, sees the results with each visit's selection key, opens the
// printable 抽取记录, reveals and downloads the package, which `suiji verify` accepts. A re-draw is refused
// until 监督 approves it on the meeting page; then the branch announces again (attempt 2) and the city
// administrator sees both draws. Real `suiji serve` ($SUIJI, a test build: its clock is SUIJI_NOW, so the
// beacon's day has come) over web/dist, headless chromium at 1366×768.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run, newPage, check, assertClean, haveDist, screenshot, makeDb, loadDirectory, startServer, signIn, signOut, ADMIN } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const version = spawnSync(process.env.SUIJI, ['--version'], { encoding: 'utf8' }).stdout || ''
if (!version.includes('启用')) { console.log('跳过: 本构建未启用测试时钟（SUIJI_TEST_CLOCK）'); process.exit(77) }

// The day of the meeting (the server's and the command line's clock); the beacon is drawn that day.
process.env.SUIJI_NOW = '2027-01-04T09:00:00+08:00'
const TODAY = '2027-01-04'
const db = makeDb()
loadDirectory(db)
writeFileSync(join(db.dir, 'officers.csv'), '人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗\n' +
  'P0101,周建国,执法,41082110101,焦作市生态环境局修武分局,执法大队,执法队员,410821,5,水,是\n' +
  'P0102,吴海燕,执法,41082110102,焦作市生态环境局修武分局,执法大队,执法队员,410821,4,大气,是\n')
db.cli(['import', 'people', join(db.dir, 'officers.csv')])
db.cli(['--unit', '修武分局', 'settings', 'set', 'cross_region', '否'])
db.cli(['plan', 'new', '--year', '2027'], { actor: '分局甲' })
db.cli(['plan', 'line', 'add', '--year', '2027', '--name', '一般对象抽查', '--items', 'JZ-001', '--count', '3', '--class', '一般'], { actor: '分局甲' })
db.cli(['plan', 'file', '--year', '2027', '--out-dir', db.dir], { actor: '分局甲' })
const srv = await startServer(db)

async function pickDate(scope, placeholder, date) {
  const input = scope.getByPlaceholder(placeholder)
  await input.fill(date)
  await input.press('Enter')
}

await run('抽取会议：公告、公布承诺值、录入公开随机数、抽取结果、打印记录、揭示并核验抽取包；重新抽取须监督批准', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/draws')
  await page.locator('[data-test=draw-new]').click()
  const dlg = page.locator('.el-dialog').filter({ hasText: '发布抽取公告' })
  await dlg.locator('[data-test=draw-year] input').fill('2027')
  await dlg.locator('[data-test=draw-period]').fill('2027Q1')
  await dlg.locator('[data-test=draw-lines]').fill('1')
  await dlg.locator('[data-test=draw-beacon-source]').fill(`福彩3D ${TODAY} 开奖号码`)
  await pickDate(dlg, '开奖日期，此前不能抽取', TODAY)
  await screenshot(page, 'draw-announce')
  await dlg.locator('[data-test=draw-announce]').click()
  await page.waitForURL(/#\/draws\/1$/, { timeout: 30000 })

  // the commitment, large, grouped by four for reading out; the same as the server's announcement
  const shown = (await page.locator('[data-test=draw-commitment]').innerText()).trim().replace(/\s+/g, ' ')
  const announced = await page.evaluate(() => fetch('/api/draws/1').then((r) => r.json()))
  check(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/.test(shown), `承诺值应按四位一组显示: ${shown}`)
  check(shown.replace(/ /g, '') === announced.salt_commitment, '页面显示的承诺值应与公告一致')
  check(announced.beacon_date === TODAY && announced.state === '已公告', `公告: ${JSON.stringify(announced)}`)
  const size = await page.locator('[data-test=draw-commitment]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
  check(size >= 28, `承诺值应以大字显示（投屏），字号 ${size}px`)
  await screenshot(page, 'draw-commitment')

  await page.locator('[data-test=draw-next]').click()
  await page.locator('[data-test=draw-beacon]').fill('5 2 8')
  await page.locator('[data-test=draw-run]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '抽取' }).click()
  await page.locator('[data-test=draw-state]').getByText('已抽取').waitFor({ timeout: 30000 })
  const keys = await page.locator('[data-test=draw-visits] [data-test=visit-key]').allInnerTexts()
  check(keys.length === 3 && keys.every((k) => /^[0-9a-f]{64}$/.test(k.trim())), `抽取结果应有 3 家次及其抽取键值: ${keys}`)
  const table = await page.locator('[data-test=draw-visits]').innerText()
  check(table.includes('测试单位') && table.includes('JZ-001'), '结果列出检查对象和检查事项')
  // each team by its officers' names (and ids), not by ids alone
  const teams = (await page.locator('[data-test=draw-visits] [data-test=visit-team]').allInnerTexts()).map((t) => t.trim())
  const drawn = await page.evaluate(() => fetch('/api/draws/1').then((r) => r.json()))
  const want = (drawn.visits || []).map((v) => v.team_list.map((p) => `${p.name}（${p.id}）`).join('、'))
  check(teams.length === 3 && teams.every((t) => /^[^、（]+（P0\d{3}）、[^、（]+（P0\d{3}）$/.test(t)) && teams.join('|') === want.join('|'),
    `每一家次的检查组应显示两名执法人员的姓名和编号: ${teams} / ${want}`)
  await page.locator('[data-test=draw-visits]').scrollIntoViewIfNeeded()
  await screenshot(page, 'draw-results')

  // the printable record opens in a new window, with every key
  const [record] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-test=draw-record]').click()])
  await record.waitForLoadState('load')
  const text = await record.locator('body').innerText()
  check(text.includes('抽取记录') && keys.every((k) => text.includes(k.trim())) && text.includes('5 2 8'), '抽取记录含抽取号、公开随机数和每一家次的键值')
  check(want.every((t) => text.includes(t)), `抽取记录的检查组写明执法人员姓名: ${want}`)
  if (process.env.SUIJI_SCREENSHOTS === '1') await record.setViewportSize({ width: 1366, height: 768 })
  await screenshot(record, 'draw-record')
  await record.close()

  // reveal before the inspections: a reason is asked for; then the package downloads and verifies
  await page.locator('[data-test=draw-reveal]').click()
  const box = page.locator('.el-message-box')
  await box.locator('input, textarea').first().fill('会议现场公开核验')
  await box.getByRole('button', { name: '揭示' }).click()
  await page.locator('[data-test=draw-state]').getByText('已揭示').waitFor({ timeout: 30000 })
  await page.locator('[data-test=draw-revealed]').waitFor({ timeout: 30000 })
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=draw-package]').click()])
  const pkg = join(db.dir, 'downloaded-package.json')
  await dl.saveAs(pkg)
  check(dl.suggestedFilename() === 'draw-1-package.json', `下载的文件名: ${dl.suggestedFilename()}`)
  const v = spawnSync(process.env.SUIJI, ['verify', pkg], { env: db.env, encoding: 'utf8' })
  check(v.status === 0 && (v.stdout + v.stderr).includes('核验通过'), `suiji verify 应核验通过: ${v.status}\n${v.stdout}${v.stderr}`)
  check((v.stdout + v.stderr).includes(announced.salt_commitment), 'verify 打印的承诺值与会上公布的一致')

  // a re-draw: without 监督's approval the announcement is refused, with the reason shown
  check(await page.locator('[data-test=redraw-needs-approval]').isVisible(), '未批准时显示“待监督人员批准”')
  await page.goto(srv.url + '/#/draws')
  await page.locator('[data-test=draw-new]').click()
  await dlg.locator('[data-test=draw-year] input').fill('2027')
  await dlg.locator('[data-test=draw-period]').fill('2027Q1')
  await dlg.locator('[data-test=draw-lines]').fill('1')
  await dlg.locator('[data-test=draw-beacon-source]').fill('福彩3D 2027-01-05 开奖号码')
  await dlg.locator('[data-test=draw-reason]').fill('检查组人员调整')
  await dlg.locator('[data-test=draw-announce]').click()
  await page.locator('.el-message--error').filter({ hasText: '须经监督人员批准' }).waitFor({ timeout: 30000 })
  await screenshot(page, 'draw-redraw-refused')
  await dlg.getByRole('button', { name: '取消' }).click()
  await signOut(page)

  await signIn(page, srv.url, '监督员')
  await page.goto(srv.url + '/#/draws/1')
  await page.locator('[data-test=redraw-approve]').click()
  await box.locator('input, textarea').first().fill('检查组人员调整，同意重新抽取')
  await box.getByRole('button', { name: '批准' }).click()
  await page.locator('[data-test=redraw-approved]').waitFor({ timeout: 30000 })
  check(!(await page.locator('[data-test=draw-reveal]').count()), '监督不能揭示')
  check(!(await page.locator('[data-test=redraw-open]').count()), '监督不能重新公告')
  await screenshot(page, 'draw-redraw-approved')
  await signOut(page)

  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/draws/1')
  await page.locator('[data-test=redraw-open]').click()
  const rd = page.locator('.el-dialog').filter({ hasText: '重新公告' })
  await rd.locator('[data-test=redraw-beacon-source]').fill('福彩3D 2027-01-05 开奖号码')
  await pickDate(rd, '开奖日期，此前不能抽取', '2027-01-05')
  await rd.locator('[data-test=redraw-reason]').fill('检查组人员调整')
  await rd.locator('[data-test=redraw-announce]').click()
  await page.waitForURL(/#\/draws\/2$/, { timeout: 30000 })
  await page.getByText('第 2 次抽取，替代第 1 号抽取').waitFor({ timeout: 30000 })
  await signOut(page)

  // the city administrator sees both draws of 修武分局, the first one voided
  await signIn(page, srv.url, ADMIN)
  await page.goto(srv.url + '/#/draws')
  const rows = page.locator('[data-test=draw-table] .el-table__body tr')
  await rows.filter({ hasText: '已作废' }).waitFor({ timeout: 30000 })
  check((await rows.count()) === 2, '市局看到两次抽取')
  check((await rows.filter({ hasText: '修武分局' }).count()) === 2, '两次抽取都属于修武分局')
  check((await rows.filter({ hasText: '第 2 次' }).count()) === 1, '重新抽取标明第几次')
  await screenshot(page, 'draw-list')
  assertClean(page)
})

await srv.stop()
