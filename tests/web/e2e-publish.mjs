// End to end: a result published in the application and found on the public portal signed out. The
// branch 修武分局 draws, inspects and records with the command line (draw 1 run and revealed, draw 2
// only announced); then the 公开审核 user publishes one recorded result and withholds another on the
// 结果公开 page; then a browser that never signed in opens /public/, finds the published result by
// name and by credit code with its unit, finds nothing for the withheld one, sees draw 2's commitment
// before its draw and draw 1's package, downloads it and both verifiers accept it. Real `suiji serve`
// ($SUIJI) over web/dist. Screenshots: docs/img/disclosures.png, portal-search.png, portal-draws.png.
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { root, run, newPage, check, assertClean, haveDist, screenshot, makeDb, startServer, signIn, loadDirectory, settled, serverToday } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const NOW = '2026-05-13T10:00:00+08:00' // a Wednesday
const today = serverToday(NOW)
// The plan, the draws and the third result are made earlier, on 2026-04-20 (test-clock builds): that
// result is due 20 working days later, on 2026-05-20, 5 working days but 7 calendar days after today,
// so it must show as due soon (the server's working days, not the browser's calendar days).
const pinned = process.env.SUIJI_NOW === NOW
const earlier = pinned ? '2026-04-20' : today
if (pinned) process.env.SUIJI_NOW = `${earlier}T09:00:00+08:00`
const db = makeDb()
loadDirectory(db)
const year = today.slice(0, 4)
const quarter = `${year}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`
const xw = ['--unit', '修武分局']
db.cli([...xw, 'plan', 'new', '--year', year, '--date', earlier])
db.cli([...xw, 'plan', 'line', 'add', '--year', year, '--name', '一般单位抽查', '--items', 'JZ-001', '--ratio', '50', '--class', '一般'])
db.cli([...xw, 'plan', 'line', 'add', '--year', year, '--name', '重点单位检查', '--items', 'JZ-001', '--each', '--class', '重点'])
db.cli([...xw, 'plan', 'file', '--year', year, '--out-dir', db.dir])
db.cli([...xw, 'draw', 'announce', '--year', year, '--lines', '1', '--period', quarter, '--beacon-source', '福彩3D 开奖号码'])
db.cli([...xw, 'draw', 'run', '1', '--beacon', '5 2 8'])
db.cli([...xw, 'draw', 'announce', '--year', year, '--lines', '2', '--period', quarter, '--beacon-source', '福彩3D 下一期开奖号码'])
// the drawn tasks: "id state kind uscc name …"
const tasks = db.cli(['task', 'list', '--draw', '1']).split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split(/\s+/))
check(tasks.length >= 3, `第1号抽取应生成至少3项任务，实际 ${tasks.length}`)
db.cli(['result', 'record', tasks[2][0], '--result', '未发现问题', '--date', earlier])
if (pinned) db.env.SUIJI_NOW = process.env.SUIJI_NOW = NOW // the server's and the browser's day
for (const t of tasks.slice(0, 2)) db.cli(['result', 'record', t[0], '--result', '未发现问题', '--date', today])
db.cli([...xw, 'draw', 'export', '1', '--reveal', '--force', '--reason', '测试', '-o', join(db.dir, 'pkg.json')])
const [pub, secret] = tasks.map((t) => ({ id: t[0], uscc: t[3], name: t[4] }))
const commitment2 = execFileSync('sqlite3', [db.db, 'select salt_commitment from draw where id = 2'], { encoding: 'utf8' }).trim()
const srv = await startServer(db)

await run('公开审核在系统中公开检查结果，未登录的公众在公开门户按名称和信用代码查到；不予公开的查不到；抽取公告与抽取包可核验', async (browser) => {
  // 1. the reviewer publishes one result and withholds another
  const page = await newPage(browser)
  await signIn(page, srv.url, '审核员')
  await page.goto(srv.url + '/#/disclosures')
  const table = page.locator('[data-test=disclosure-table]')
  const rowOf = (name) => table.locator('.el-table__body tr').filter({ hasText: name }).first()
  await rowOf(pub.name).waitFor({ timeout: 30000 })
  check((await rowOf(pub.name).innerText()).includes('待公开'), '待公开的结果应列出')
  check(/还有 \d+ 个工作日/.test(await rowOf(pub.name).innerText()), '应显示公开期限还剩的工作日')
  if (pinned) {
    const soon = rowOf(tasks[2][4])
    check((await soon.innerText()).includes('还有 5 个工作日'), `第三项结果应还有 5 个工作日: ${await soon.innerText()}`)
    check(/row-due-soon/.test(await soon.getAttribute('class')), '5 个工作日内到期的结果应标橙（按服务器的工作日，不按浏览器的时钟）')
  }
  await screenshot(page, 'disclosures')
  await rowOf(pub.name).locator('[data-test=publish]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '公开' }).click()
  await page.locator('.el-message').filter({ hasText: '已公开' }).first().waitFor({ timeout: 30000 })
  await rowOf(secret.name).locator('[data-test=withhold]').click()
  const dlg = page.locator('.el-dialog').filter({ hasText: '不予公开' })
  await dlg.locator('[data-test=withhold-reason]').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '涉及公共安全' }).click()
  await dlg.locator('[data-test=withhold-note]').fill('涉及危险化学品储存位置')
  await dlg.locator('[data-test=withhold-submit]').click()
  await page.locator('.el-message').filter({ hasText: '已登记不予公开' }).first().waitFor({ timeout: 30000 })
  const decided = db.cli(['disclosure', 'list'])
  check(decided.includes(`${pub.id}`) && decided.includes('公开') && decided.includes('涉及公共安全'), `决定应记录在案:\n${decided}`)
  assertClean(page)

  // 2. the public, never signed in
  const pubPage = await newPage(browser)
  await pubPage.goto(srv.url + '/public/')
  const q = pubPage.locator('[data-test=public-q]')
  const results = pubPage.locator('[data-test=public-result]')
  async function search(term) {
    await q.fill(term)
    await settled(pubPage, () => pubPage.locator('[data-test=public-search]').click(), `查询“${term}”`)
  }
  await search(pub.name)
  await results.first().waitFor({ timeout: 30000 })
  check(await results.count() === 1, `按名称应找到1个检查对象，实际 ${await results.count()}`)
  const card = await results.first().innerText()
  check(card.includes(pub.name) && card.includes(pub.uscc) && card.includes('修武分局') && card.includes('未发现问题') && card.includes(today),
    `检查对象、信用代码、负责单位、结果和日期都应显示:\n${card}`)
  await screenshot(pubPage, 'portal-search')
  await search(pub.uscc.toLowerCase())
  await results.first().waitFor({ timeout: 30000 })
  check((await results.first().locator('[data-test=public-uscc]').innerText()).trim() === pub.uscc, '按信用代码（小写）应找到同一对象')
  for (const term of [secret.name, secret.uscc]) {
    await search(term)
    await pubPage.locator('[data-test=public-empty]').waitFor({ timeout: 30000 })
    check(await results.count() === 0, `不予公开的结果不应查到（${term}）`)
  }
  // a recorded result not yet published is not public either
  await search(tasks[2][4])
  await pubPage.locator('[data-test=public-empty]').waitFor({ timeout: 30000 })

  // 3. the draws: draw 2's commitment before its draw, draw 1's package after the reveal
  await pubPage.locator('.el-tabs__item').filter({ hasText: '抽取公告与核验' }).click()
  const draws = pubPage.locator('[data-test=public-draws] .el-table__body tr')
  await draws.nth(1).waitFor({ timeout: 30000 })
  check(await draws.count() === 2, `应列出2次抽取，实际 ${await draws.count()}`)
  const d2 = await draws.filter({ hasText: '下一期' }).first().innerText()
  check(d2.includes(commitment2) && d2.includes('检查完成后公布') && d2.includes('已公告'), `第2号的公告应显示承诺值，抽取包待公布:\n${d2}`)
  const how = await pubPage.locator('[data-test=verify-howto]').innerText()
  check(how.includes('suiji verify') && how.includes('tools/verify.py'), '应说明如何用 suiji verify 和 tools/verify.py 核验')
  await screenshot(pubPage, 'portal-draws')
  const [dl] = await Promise.all([pubPage.waitForEvent('download'), pubPage.locator('[data-test=draw-package]').first().click()])
  const file = join(db.dir, 'portal-package.json')
  await dl.saveAs(file)
  const v1 = spawnSync(process.env.SUIJI, ['verify', file], { encoding: 'utf8' })
  check(v1.status === 0, `suiji verify 应接受门户下载的抽取包:\n${v1.stdout}${v1.stderr}`)
  const v2 = spawnSync('python3', [join(root, 'tools/verify.py'), file], { encoding: 'utf8' })
  check(v2.status === 0, `tools/verify.py 应接受门户下载的抽取包:\n${v2.stdout}${v2.stderr}`)
  assertClean(pubPage)
})

await srv.stop()
