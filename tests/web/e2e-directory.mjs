// End to end: a branch administrator imports the objects directory from the 名录 page — first a file
// with a bad credit code, whose error is shown against its line and nothing is written; then the
// corrected file, whose rows appear in the list. Real `suiji serve` ($SUIJI) over web/dist.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { root, run, newPage, check, assertClean, haveDist, screenshot, makeDb, startServer, signIn } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const db = makeDb()
const srv = await startServer(db)

// Three objects of 修武县 with valid codes (tests/cli/codes.py); the bad file spoils line 3's check character.
const py = `
import codes
for n in (810001, 810002, 810003):
    print(codes.uscc('91', '410821', '%08d' % n))
`
const r = spawnSync('python3', ['-c', py], { env: { ...process.env, PYTHONPATH: join(root, 'tests/cli') }, encoding: 'utf8' })
const codes = r.stdout.trim().split('\n')
const head = '统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别'
const rows = codes.map((c, i) => `${c},修武测试厂${i + 1},410821,2614,一般`)
const good = join(db.dir, '修武对象.csv')
const bad = join(db.dir, '修武对象-有误.csv')
writeFileSync(good, [head, ...rows].join('\n') + '\n')
const spoilt = codes[1].slice(0, 17) + (codes[1][17] === '0' ? '1' : '0')
writeFileSync(bad, [head, rows[0], rows[1].replace(codes[1], spoilt), rows[2]].join('\n') + '\n')

await run('分局导入检查对象名录：有误的行按行号列出且不写入；改正后导入成功并列出', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/directory/objects')
  await page.locator('[data-test=dir-table]').waitFor({ timeout: 10000 })
  await page.locator('[data-test=import]').click()
  const d = page.locator('.el-dialog').filter({ hasText: '导入检查对象名录' })
  await d.locator('[data-test=import-file]').setInputFiles(bad)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-errors]').waitFor({ timeout: 15000 })
  const line = await d.locator('.el-table__body tr').first().locator('td').first().innerText()
  check(line.trim() === '3', `错误应指向第3行，实际为“${line}”`)
  check((await d.locator('.el-table__body').innerText()).includes('统一社会信用代码'), '错误应指出列：统一社会信用代码')
  await screenshot(page, 'import-errors')
  check(!db.cli(['list', 'objects']).includes('修武测试厂'), '有误的文件不应写入任何一行')

  await d.locator('[data-test=import-file]').setInputFiles(good)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-ok]').getByText(/新增 3 条/).waitFor({ timeout: 15000 })
  await d.getByRole('button', { name: '关闭', exact: true }).click()
  const table = page.locator('[data-test=dir-table]')
  await table.getByText('修武测试厂3').waitFor({ timeout: 10000 })
  await page.locator('[data-test=dir-q]').fill('测试厂2')
  await page.locator('[data-test=dir-search]').click()
  await page.waitForLoadState('networkidle')
  const names = await table.locator('.el-table__body tr').allInnerTexts()
  check(names.length === 1 && names[0].includes('修武测试厂2'), `按名称查询应只列出修武测试厂2，实际 ${names.length} 行`)
  await screenshot(page, 'directory')
  assertClean(page)
})

await srv.stop()
