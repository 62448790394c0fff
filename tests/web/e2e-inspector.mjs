// End to end: an inspector (执法人员 执法甲 of 修武分局) in the field on a tablet. In landscape
// (1024×768) the task list shows only the team's task (another team's task is not listed, even with
// 我的任务 off), the task opens and its 检查任务单 prints; in portrait (768×1024) the result is recorded
// with a problem and a photo uploaded from the device, and the recorded result shows with its problem
// and the photo. Another team's task opened by its URL shows 无权限. Real `suiji serve` ($SUIJI) over
// web/dist; the database made with the command line (targeted inspections registered for two teams);
// the server's clock fixed with SUIJI_NOW (test builds honour it).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run, newPage, check, assertClean, haveDist, screenshot, makeDb, loadDirectory, startServer, signIn, fieldTasks, settled, VIEWPORTS } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const DAY = '2027-03-01'
process.env.SUIJI_NOW = `${DAY}T09:00:00+08:00`
const db = makeDb()
loadDirectory(db)
const [mine, theirs] = fieldTasks(db, DAY)
db.env.SUIJI_NOW = process.env.SUIJI_NOW = '2027-03-02T10:00:00+08:00'
const srv = await startServer(db)
// a small photo as a tablet's camera would give it (a valid 1×1 PNG)
const photo = join(db.dir, '现场照片.png')
writeFileSync(photo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'))

await run('执法人员在平板上查看本组任务、打印任务单、录入检查结果（问题和照片）；他组任务不可见、无权限', async (browser) => {
  // ---- landscape: the list and the notice ----
  const page = await newPage(browser, VIEWPORTS.tabletLandscape)
  await signIn(page, srv.url, '执法甲')
  await page.goto(srv.url + '/#/tasks')
  const table = page.locator('[data-test=task-table]')
  await table.getByText(mine.name).waitFor({ timeout: 30000 })
  check(!(await table.getByText(theirs.name).count()), '他组的任务不应列出')
  // the team by its officers' names (and ids), as the API gives them
  const listed = await page.evaluate(() => fetch('/api/tasks?mine=1').then((r) => r.json()))
  const want = (listed.rows || []).map((r) => r.team_list.map((p) => `${p.name}（${p.id}）`).join('、'))
  const teams = (await table.locator('[data-test=task-team]').allInnerTexts()).map((t) => t.trim())
  check(want.length > 0 && teams.join('|') === want.join('|') && teams.every((t) => /^[^、（]+（P\d{4}）(、[^、（]+（P\d{4}）)+$/.test(t)),
    `任务列表的检查组应显示执法人员姓名和编号: ${teams} / ${want}`)
  await page.locator('[data-test=tasks-mine]').click() // 我的任务 off: the server still shows only what the user may see
  await settled(page, () => page.getByRole('button', { name: '查询' }).click(), '取消“我的任务”后查询')
  check(await table.getByText(mine.name).count() > 0 && !(await table.getByText(theirs.name).count()), '取消“我的任务”后仍只列出本组任务')
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  check(width <= 1024, `横屏平板上页面不应横向溢出（${width}px）`)
  await screenshot(page, 'tasks-tablet')

  await table.getByText(mine.name).click()
  await page.waitForURL(new RegExp(`#/tasks/${mine.id}$`), { timeout: 30000 })
  await page.locator('[data-test=task-info]').getByText(mine.uscc).waitFor({ timeout: 30000 })
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-test=task-notice]').click()])
  await popup.waitForLoadState('load')
  const notice = await popup.locator('body').innerText()
  check(notice.includes('检查任务单') && notice.includes(mine.name) && notice.includes('李红梅'), '检查任务单应列出检查对象和检查组: ' + notice.slice(0, 200))
  await popup.close()
  await page.context().close()

  // ---- portrait: the result with a problem and a photo ----
  const tab = await newPage(browser, VIEWPORTS.tabletPortrait)
  await signIn(tab, srv.url, '执法甲')
  await tab.goto(srv.url + `/#/tasks/${mine.id}`)
  const form = tab.locator('.result-form')
  await form.waitFor({ timeout: 30000 })
  await form.locator('[data-test=result-outcome]').getByText('发现问题已责令整改', { exact: true }).click()
  const dates = form.locator('.el-date-editor input')
  await dates.nth(0).fill('2027-03-02')
  await dates.nth(1).fill('2027-03-02')
  await dates.nth(1).press('Enter')
  await form.locator('[data-test=result-summary]').fill('危险废物贮存场所未设置识别标志，已当场责令整改')
  await form.locator('[data-test=problem-add]').click()
  await form.locator('[data-test=problem-desc]').first().fill('危险废物贮存场所未设置识别标志')
  await form.locator('[data-test=attach]').setInputFiles(photo)
  await form.locator('[data-test=attach-item] .el-progress.is-success').waitFor({ timeout: 30000 })
  const width2 = await tab.evaluate(() => document.documentElement.scrollWidth)
  check(width2 <= 768, `竖屏平板上表单不应横向溢出（${width2}px）`)
  await screenshot(tab, 'result-entry-tablet')
  await form.locator('[data-test=result-save]').click()

  const view = tab.locator('[data-test=result-view]')
  await view.waitFor({ timeout: 30000 })
  check((await view.innerText()).includes('发现问题已责令整改'), '应显示录入的检查结果')
  await view.locator('[data-test=result-problems]').getByText('危险废物贮存场所未设置识别标志').waitFor({ timeout: 30000 })
  check((await view.locator('[data-test=result-problems]').innerText()).includes('待交办'), '问题应进入闭环（待交办）')
  await view.locator('[data-test=result-files]').getByText('现场照片.png').waitFor({ timeout: 30000 })
  const img = view.locator('[data-test=result-files] img')
  await img.waitFor({ timeout: 30000 })
  // the <img> is there before its picture: wait until the browser has finished loading it (or failed)
  await tab.waitForFunction((el) => el.complete, await img.elementHandle(), { timeout: 30000 })
  check(await img.evaluate((el) => el.naturalWidth === 1), '照片应能从服务器读回并显示')
  await screenshot(tab, 'result-tablet')

  // ---- another team's task by its URL ----
  await tab.goto(srv.url + `/#/tasks/${theirs.id}`)
  const denied = tab.locator('[data-test=task-denied]')
  await denied.waitFor({ timeout: 30000 })
  check((await denied.innerText()).includes('无权限'), '他组任务应显示无权限')
  check(!(await tab.getByText(theirs.uscc).count()), '无权限时不应显示他组任务的内容')
  assertClean(tab)
})

await srv.stop()
