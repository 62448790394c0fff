// End to end: the problem board (问题闭环). The database is made with the command line on 2027-03-01: a
// targeted inspection of 执法甲's team recorded with three problems, one assigned with 3 working days
// (overdue by 2027-03-10), one with 12 (due 2027-03-17: within 5 working days), one not yet assigned.
// The server runs on 2027-03-10 (SUIJI_NOW; test builds honour it). The branch administrator (分局管理员)
// sees the overdue problem red and the one due soon orange, assigns the third (交办) and escalates the
// overdue one (督办 → 升级督办); oversight (监督) sees the board without any action; the inspector of the
// team (执法人员) closes the escalated problem (销号) with the evidence uploaded in the dialog, and its
// history shows the evidence. docs/ROLES.md: problem.step is 市局管理员, 分局管理员 and the team.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run, newPage, check, assertClean, haveDist, screenshot, makeDb, loadDirectory, startServer, signIn, signOut, fieldTasks, settled, ADMIN } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
process.env.SUIJI_NOW = '2027-03-01T09:00:00+08:00'
const db = makeDb()
loadDirectory(db)
const [task] = fieldTasks(db, '2027-03-01')
db.cli(['result', 'record', String(task.id), '--result', '发现问题已责令整改', '--date', '2027-03-01',
  '--problem', 'JZ-001:污染防治设施未正常运行', '--problem', 'JZ-002:危险废物贮存场所无识别标志',
  '--problem', 'JZ-001:未按规定记录运行台账'], { actor: ADMIN })
db.cli(['problems', 'assign', '1', '--to', task.name, '--days', '3', '--note', '限期恢复设施运行'])
db.cli(['problems', 'assign', '2', '--to', task.name, '--days', '12'])
db.env.SUIJI_NOW = process.env.SUIJI_NOW = '2027-03-10T09:00:00+08:00'
const srv = await startServer(db)
const evidence = join(db.dir, '整改报告.pdf')
writeFileSync(evidence, '%PDF-1.4\n% 整改报告：设施已恢复运行，附运行记录\n')

const card = (page, id) => page.locator(`[data-test=problem-${id}]`)
const column = (page, name) => page.locator(`[data-test="column-${name}"]`)

async function step(page, id, kind, title, fill) {
  await card(page, id).locator(`[data-test=problem-${kind}]`).click()
  const d = page.locator('.el-dialog').filter({ hasText: title })
  await d.waitFor({ timeout: 30000 })
  await fill(d)
  await settled(page, () => d.locator('[data-test=act-save]').click(), title)
  await d.waitFor({ state: 'hidden', timeout: 30000 })
}

await run('问题闭环：逾期标红、临期标橙；分局交办、督办（逾期即升级督办）；监督只读；执法人员上传证据后销号', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/problems')
  await card(page, 1).waitFor({ timeout: 30000 })
  check(/row-overdue/.test(await card(page, 1).getAttribute('class')), '超过整改期限的问题应标红')
  check((await card(page, 1).innerText()).includes('逾期'), '逾期的问题应注明逾期天数')
  check(/row-due-soon/.test(await card(page, 2).getAttribute('class')), '5个工作日内到期的问题应标橙')
  check(!/row-overdue|row-due-soon/.test(await card(page, 3).getAttribute('class')), '未交办的问题不应标色')
  check(await column(page, '待交办').locator('[data-test=problem-3]').count() === 1, '未交办的问题在“待交办”列')
  await screenshot(page, 'problems-board')

  await step(page, 3, 'assign', '交办整改', async (d) => {
    await d.locator('[data-test=assign-to]').fill(task.name)
    await d.locator('[data-test=act-note]').fill('限期建立运行台账')
  })
  await column(page, '整改中').locator('[data-test=problem-3]').waitFor({ timeout: 30000 })

  await step(page, 1, 'escalate', '督办', async (d) => {
    check((await d.innerText()).includes('升级督办'), '逾期问题的督办对话框应提示升级督办')
    await d.locator('[data-test=act-note]').fill('逾期未整改，约谈企业负责人')
  })
  await column(page, '已督办').locator('[data-test=problem-1]').waitFor({ timeout: 30000 })
  check((await card(page, 1).innerText()).includes('升级督办'), '逾期后的督办应为升级督办')
  await signOut(page)

  await signIn(page, srv.url, '监督员')
  await page.goto(srv.url + '/#/problems')
  await card(page, 1).waitFor({ timeout: 30000 })
  check(!(await page.locator('[data-test=problem-assign], [data-test=problem-close]').count()), '监督只能查看，不能办理')
  await signOut(page)

  await signIn(page, srv.url, '执法甲')
  await page.goto(srv.url + '/#/problems')
  await card(page, 1).waitFor({ timeout: 30000 })
  await step(page, 1, 'close', '整改销号', async (d) => {
    await d.locator('[data-test=close-evidence]').setInputFiles(evidence)
    await d.locator('[data-test=evidence-item] .el-progress.is-success').waitFor({ timeout: 30000 })
    await d.locator('[data-test=act-note]').fill('现场复查：设施已恢复正常运行')
  })
  await column(page, '已销号').locator('[data-test=problem-1]').waitFor({ timeout: 30000 })
  check(!/row-overdue/.test(await card(page, 1).getAttribute('class')), '销号后不再标红')
  await card(page, 1).click()
  const drawer = page.locator('.el-drawer')
  await drawer.getByText('证据：整改报告.pdf').waitFor({ timeout: 30000 })
  const history = await drawer.innerText()
  check(['发现', '交办', '升级督办', '销号'].every((s) => history.includes(s)), '问题的办理记录应依次列出各步骤: ' + history)
  await screenshot(page, 'problem-closed')
  assertClean(page)
})

await srv.stop()
