// End to end: a branch administrator imports the objects directory from the 名录 page — first a file
// with a bad credit code, whose error is shown against its line and nothing is written; then the
// corrected file, whose rows appear in the list. The same with .xlsx workbooks (written by
// tests/cli/xlsx_gen.py): the bad row is shown at its Excel row number, the good one imports, with
// the upload's progress bar. Real `suiji serve` ($SUIJI) over web/dist.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { root, run, newPage, check, assertClean, haveDist, screenshot, makeDb, startServer, signIn, settled } from './lib.mjs'

if (!haveDist()) { console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh'); process.exit(1) }
const db = makeDb()
const srv = await startServer(db)

// Three objects of 修武县 with valid codes (tests/cli/codes.py); the bad file spoils line 3's check character.
const py = `
import codes
for n in (810001, 810002, 810003, 810004, 810005, 810006):
    print(codes.uscc('91', '410821', '%08d' % n))
`
const r = spawnSync('python3', ['-c', py], { env: { ...process.env, PYTHONPATH: join(root, 'tests/cli') }, encoding: 'utf8' })
const codes = r.stdout.trim().split('\n')
const head = '统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别'
const rows = codes.slice(0, 3).map((c, i) => `${c},修武测试厂${i + 1},410821,2614,一般`)
const good = join(db.dir, '修武对象.csv')
const bad = join(db.dir, '修武对象-有误.csv')
writeFileSync(good, [head, ...rows].join('\n') + '\n')
const spoilt = codes[1].slice(0, 17) + (codes[1][17] === '0' ? '1' : '0')
writeFileSync(bad, [head, rows[0], rows[1].replace(codes[1], spoilt), rows[2]].join('\n') + '\n')

await run('分局导入检查对象名录：有误的行按行号列出且不写入；改正后导入成功并列出', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/directory/objects')
  await page.locator('[data-test=dir-table]').waitFor({ timeout: 30000 })
  await page.locator('[data-test=import]').click()
  const d = page.locator('.el-dialog').filter({ hasText: '导入检查对象名录' })
  await d.locator('[data-test=import-file]').setInputFiles(bad)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-errors]').waitFor({ timeout: 30000 })
  const line = await d.locator('.el-table__body tr').first().locator('td').first().innerText()
  check(line.trim() === '3', `错误应指向第3行，实际为“${line}”`)
  check((await d.locator('.el-table__body').innerText()).includes('统一社会信用代码'), '错误应指出列：统一社会信用代码')
  await screenshot(page, 'import-errors')
  check(!db.cli(['list', 'objects']).includes('修武测试厂'), '有误的文件不应写入任何一行')

  await d.locator('[data-test=import-file]').setInputFiles(good)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-ok]').getByText(/新增 3 条/).waitFor({ timeout: 30000 })
  await d.getByRole('button', { name: '关闭', exact: true }).click()
  const table = page.locator('[data-test=dir-table]')
  await table.getByText('修武测试厂3').waitFor({ timeout: 30000 })
  await page.locator('[data-test=dir-q]').fill('测试厂2')
  await settled(page, () => page.locator('[data-test=dir-search]').click(), '按名称查询')
  const names = await table.locator('.el-table__body tr').allInnerTexts()
  check(names.length === 1 && names[0].includes('修武测试厂2'), `按名称查询应只列出修武测试厂2，实际 ${names.length} 行`)
  await screenshot(page, 'directory')
  assertClean(page)
})

// Workbooks: the header on row 1, rows 2, 4 and 5 (row 3 left empty), the region typed as a number;
// the bad one spoils row 4's check character.
const xcodes = codes.slice(3)
const xspoilt = xcodes[1].slice(0, 17) + (xcodes[1][17] === '0' ? '1' : '0')
const xgood = join(db.dir, '修武对象.xlsx')
const xbad = join(db.dir, '修武对象-有误.xlsx')
const xpy = `
import sys, xlsx_gen
def book(path, codes):
    b = xlsx_gen.Book()
    b.row(1, [(i + 1, 's', h) for i, h in enumerate(['统一社会信用代码', '单位名称', '行政区划代码', '行业代码', '监管类别'])])
    for r, (n, c) in zip((2, 4, 5), enumerate(codes)):
        b.row(r, [(1, 's', c), (2, 'inline', '修武表格厂%d' % (n + 1)), (3, 'n', '410821'), (4, 'n', '2614'), (5, 's', '一般')])
    b.write(path)
book(sys.argv[1], sys.argv[3:6])
book(sys.argv[2], [sys.argv[3], sys.argv[6], sys.argv[5]])
`
const x = spawnSync('python3', ['-c', xpy, xgood, xbad, ...xcodes, xspoilt], { env: { ...process.env, PYTHONPATH: join(root, 'tests/cli') }, encoding: 'utf8' })
if (x.status !== 0) { console.error('失败: 无法生成 xlsx 测试文件\n' + x.stderr); process.exit(1) }

await run('分局导入 xlsx 名录：有误的行按 Excel 行号列出且不写入；改正后导入成功，显示上传进度', async (browser) => {
  const page = await newPage(browser)
  await signIn(page, srv.url, '分局甲')
  await page.goto(srv.url + '/#/directory/objects')
  await page.locator('[data-test=dir-table]').waitFor({ timeout: 30000 })
  await page.locator('[data-test=import]').click()
  const d = page.locator('.el-dialog').filter({ hasText: '导入检查对象名录' })
  await d.locator('[data-test=import-file]').setInputFiles(xbad)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-errors]').waitFor({ timeout: 30000 })
  const first = d.locator('.el-table__body tr').first().locator('td')
  const line = await first.first().innerText()
  check(line.trim() === '4', `错误应指向 Excel 第4行，实际为“${line}”`)
  check((await d.locator('.el-table__body').innerText()).includes('统一社会信用代码'), '错误应指出列：统一社会信用代码')
  check(!db.cli(['list', 'objects']).includes('修武表格厂'), '有误的工作簿不应写入任何一行')

  await d.locator('[data-test=import-file]').setInputFiles(xgood)
  await d.locator('[data-test=import-submit]').click()
  await d.locator('[data-test=import-ok]').getByText(/新增 3 条/).waitFor({ timeout: 30000 })
  const bar = await d.locator('.el-progress').innerText()
  check(bar.includes('100%'), `上传进度条应显示 100%，实际为“${bar}”`)
  await d.getByRole('button', { name: '关闭', exact: true }).click()
  await page.locator('[data-test=dir-table]').getByText('修武表格厂3').waitFor({ timeout: 30000 })
  check(db.cli(['list', 'objects']).includes('修武表格厂2'), '工作簿的各行应已写入')
  assertClean(page)
})

await srv.stop()
