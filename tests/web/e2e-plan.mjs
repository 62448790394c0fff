// End to end: a branch administrator (修武分局) writes the 2027 plan in the plan editor, sees Article 7
// fall short, changes the lines until it passes, files it; the city administrator finds it in 备案收件箱
// and accepts it. Real `suiji serve` ($SUIJI) over web/dist, headless chromium at 1366×768.
import { run, newPage, check, checkGone, serverToday, assertClean, haveDist, screenshot, makeDb, loadDirectory, startServer, signIn, signOut, ADMIN } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
// 07:30 in China is still yesterday in UTC: the plan's date must be the bureau's day, not the browser's
// UTC date
const today = serverToday('2026-12-07T07:30:00+08:00')
const db = makeDb()
loadDirectory(db)
const srv = await startServer(db)

async function addLine(page, { name, items, classes, rule, value }) {
  await page.locator('[data-test=line-add]').click()
  const d = page.locator('.el-dialog').filter({ hasText: '新增计划事项' })
  await d.locator('[data-test=line-name]').fill(name)
  for (const code of items) {
    await d.locator('[data-test=line-items] input').fill(code)
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: code }).first().click()
  }
  await d.locator('[data-test=line-name]').click() // closes the item list's dropdown
  for (const c of classes) await d.getByText(c, { exact: true }).click()
  await d.locator('[data-test=line-rule]').getByText(rule, { exact: true }).click()
  if (value !== undefined) await d.locator('.el-input-number input').fill(String(value))
  await d.locator('[data-test=line-save]').click()
  await d.waitFor({ state: 'hidden', timeout: 30000 })
  await page.locator('[data-test=plan-lines]').getByText(name).waitFor({ timeout: 30000 })
}

// The panel is read with the lines and shown with them (PlanEditor.vue), so once addLine has seen the
// new line, the panel is the check of the lines shown.
async function article7(page) {
  return (await page.locator('[data-test=article7-state]').innerText()).trim()
}

await run('分局编制年度计划：第七条先不符合、调整后符合，备案；市局在备案收件箱接收', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/plans')
  await page.locator('[data-test=plan-new]').click()
  const nd = page.locator('.el-dialog').filter({ hasText: '新建年度抽查计划' })
  const planDate = await nd.locator('.el-date-editor input').inputValue()
  check(planDate === today, `计划日期应默认为今天（中国时间 ${today}），而不是 ${planDate}`)
  await nd.locator('.el-input-number input').fill('2027')
  await nd.locator('[data-test=plan-create]').click()
  await page.waitForURL(/#\/plans\/2\/2027/, { timeout: 30000 })
  await page.locator('[data-test=plan-status]').getByText('草稿').waitFor({ timeout: 30000 })

  await addLine(page, { name: '一般对象抽查', items: ['JZ-001'], classes: ['一般'], rule: '家数', value: 1 })
  check((await article7(page)) === '不符合', '每季度只抽 1 家一般对象时第七条应不符合')
  const short = await page.locator('[data-test=article7-rules] .row-overdue').count()
  check(short > 0, '未达到的要求应标红')
  await screenshot(page, 'plan-short')

  await page.locator('[data-test=plan-lines]').getByRole('button', { name: '删除' }).first().click()
  await page.locator('.el-popconfirm').getByRole('button', { name: '确定' }).click()
  await page.locator('[data-test=plan-lines]').getByText('一般对象抽查').waitFor({ state: 'detached', timeout: 30000 })
  await addLine(page, { name: '一般对象全覆盖', items: ['JZ-001'], classes: ['一般'], rule: '每期全覆盖' })
  await addLine(page, { name: '重点对象全覆盖', items: ['JZ-001'], classes: ['重点'], rule: '每期全覆盖' })
  check((await article7(page)) === '符合', '一般、重点对象每季度全覆盖后第七条应符合')
  await screenshot(page, 'plan-editor')

  await page.locator('[data-test=plan-file]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '备案' }).click()
  await page.locator('[data-test=plan-status]').getByText('已备案').waitFor({ timeout: 30000 })
  check(!(await page.locator('[data-test=line-add]').isVisible()), '备案后不能再新增计划事项')
  await signOut(page)

  await signIn(page, srv.url, ADMIN)
  await page.goto(srv.url + '/#/plan-inbox')
  const row = page.locator('[data-test=inbox-table] tr').filter({ hasText: '修武分局' })
  await row.getByText('待审').waitFor({ timeout: 30000 })
  await screenshot(page, 'plan-inbox')
  await row.locator('[data-test=inbox-accept]').click()
  await page.locator('.el-message').getByText('已接收备案', { exact: true }).waitFor({ timeout: 30000 })
  // The inbox shows what awaits review by default; the accepted filing is listed under 已接收.
  await checkGone(page.locator('[data-test=inbox-table] tr').filter({ hasText: '修武分局' }).filter({ hasText: '待审' }), '接收后不应再待审')
  assertClean(page)
})

await srv.stop()
