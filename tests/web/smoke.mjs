// Smoke test of the browser harness and the built front end: playwright-core drives the installed
// chromium; the login page and the public portal built in web/dist load under a CSP without
// unsafe-eval, render in Chinese, and report no script errors. Needs no suiji server.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { dist, run, newPage, staticServer, check, assertClean, haveDist, screenshot, VIEWPORTS } from './lib.mjs'

if (!haveDist()) {
  console.error('失败: web/dist 不存在，请先运行 scripts/web-build.sh')
  process.exit(1)
}
// The build: hashed asset names, and a .gz beside each script and stylesheet that unpacks to it.
const assets = readdirSync(join(dist, 'assets'))
const code = assets.filter((f) => /\.(js|css)$/.test(f))
check(code.length > 0 && code.every((f) => /-[A-Za-z0-9_-]{8}\.(js|css)$/.test(f)), `资源文件名应带内容哈希: ${code.join(' ')}`)
for (const f of code) {
  const p = join(dist, 'assets', f)
  if (readFileSync(p).length < 256) continue
  check(existsSync(p + '.gz'), `缺少预压缩文件 ${f}.gz`)
  check(gunzipSync(readFileSync(p + '.gz')).equals(readFileSync(p)), `${f}.gz 解压后与原文件不同`)
}

const srv = await staticServer()
await run('登录页与公开门户（静态文件，CSP 不含 unsafe-eval）', async (browser) => {
  const page = await newPage(browser)
  await page.goto(srv.url + '/')
  // Nobody is signed in (the API answers 401), so the router lands on 登录.
  await page.waitForURL(/#\/login/, { timeout: 30000 })
  await page.getByPlaceholder('用户名').waitFor({ timeout: 30000 })
  const button = (await page.locator('[data-test=login]').innerText()).replace(/\s+/g, '')
  check(button === '登录', `登录按钮的文字应为“登录”，实际为“${button}”`)
  check((await page.locator('h1').innerText()).includes('双随机、一公开'), '登录页标题应包含“双随机、一公开”')
  check((await page.title()).startsWith('登录'), `页面标题应以“登录”开头，实际为“${await page.title()}”`)
  check((await page.getAttribute('meta[name=renderer]', 'content')) === 'webkit', '应有 360 浏览器极速模式标记 <meta name="renderer" content="webkit">')
  check((await page.getAttribute('meta[http-equiv=X-UA-Compatible]', 'content')) === 'IE=edge', '应有 <meta http-equiv="X-UA-Compatible" content="IE=edge">（360 浏览器兼容模式下用最新内核）')
  await screenshot(page, 'login')
  // Element Plus speaks Chinese: an empty submit shows the form's Chinese validation messages.
  await page.locator('[data-test=login]').click()
  await page.getByText('请输入用户名').waitFor({ timeout: 30000 })
  // A refused sign-in shows the server's own Chinese message.
  await page.getByPlaceholder('用户名').fill('王科长')
  await page.getByPlaceholder('密码').fill('Wrong-pass1')
  await page.locator('[data-test=login]').click()
  await page.getByText('用户名或密码错误（还可尝试4次）').waitFor({ timeout: 30000 })
  assertClean(page)

  const tablet = await newPage(browser, VIEWPORTS.tabletPortrait)
  await tablet.goto(srv.url + '/public/')
  await tablet.getByText('抽查结果查询').first().waitFor({ timeout: 30000 })
  check(await tablet.getByPlaceholder('输入单位名称或统一社会信用代码').isVisible(), '公开门户应有按名称或信用代码查询的输入框')
  check((await tablet.getAttribute('meta[name=renderer]', 'content')) === 'webkit' &&
    (await tablet.getAttribute('meta[http-equiv=X-UA-Compatible]', 'content')) === 'IE=edge', '公开门户也应有 360 浏览器极速模式标记（renderer webkit、X-UA-Compatible IE=edge）')
  await tablet.getByText('抽取公告与核验').click()
  await tablet.getByText('suiji verify 抽取包.json').waitFor({ timeout: 30000 })
  await screenshot(tablet, 'public-draws-tablet')
  assertClean(tablet)
})
await srv.close()
