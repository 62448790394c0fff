// Shared pieces of the browser tests: launching Debian's chromium through playwright-core (no
// browser download: executablePath), a small static server over web/dist that sends the same kind
// of Content-Security-Policy the real server sends (no unsafe-eval), and small assertions that
// fail the test with a message naming what was expected.
import { chromium } from 'playwright-core'
import http from 'node:http'
import { readFile, stat, mkdir } from 'node:fs/promises'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join, extname, normalize, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const dist = join(root, 'web/dist')
export const CHROMIUM = process.env.SUIJI_CHROMIUM || '/usr/bin/chromium'
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

export const VIEWPORTS = {
  office: { width: 1366, height: 768 },
  tabletLandscape: { width: 1024, height: 768 },
  tabletPortrait: { width: 768, height: 1024 },
}

export async function launch() {
  const args = ['--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN', '--font-render-hinting=none']
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox')
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args })
}

// A new page whose console errors, uncaught exceptions and CSP violations are collected; the test
// calls assertClean(page) to fail on any of them.
const openPages = []
export async function newPage(browser, viewport = VIEWPORTS.office) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await context.addInitScript(trackRequests)
  // A test that fixes the server's clock (SUIJI_NOW) fixes the browser's too, from the same instant
  // on (it then runs): the pages' dates (this year, days left) agree with the server's, on any day.
  if (process.env.SUIJI_NOW) await context.clock.install({ time: new Date(process.env.SUIJI_NOW) })
  const page = await context.newPage()
  openPages.push(page)
  page.problems = []
  if (process.env.SUIJI_WEB_DEBUG) page.on('response', (r) => { if (r.status() >= 400) console.error(`[${r.status()}] ${r.request().method()} ${r.url()}`) })
  page.on('pageerror', (e) => page.problems.push(`页面异常: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|unsafe-eval|Refused to/.test(m.text())) page.problems.push(`CSP: ${m.text()}`)
  })
  return page
}

// Runs in every page before its scripts: counts the page's fetch() calls that are not finished, a call
// being finished only once its body has been read (json/text/…) or it failed, so that when the count
// is back at 0 the code that awaited the answer has run too (its continuation is a microtask, and Vue
// renders in a microtask: both before the next task, in which a test's poll runs). 204 answers have
// no body to read. Playwright's own 'networkidle' cannot serve here: it fires once per document,
// so in this single-page application it is long past and returns at once.
function trackRequests() {
  if (window.__suijiNet) return // a window kept from the initial about:blank: wrapped already
  const net = { pending: 0, done: 0 }
  Object.defineProperty(window, '__suijiNet', { value: net })
  const fetch0 = window.fetch
  window.fetch = function (...args) {
    net.pending++
    let open = true
    const finish = () => { if (open) { open = false; net.pending--; net.done++ } }
    return fetch0.apply(this, args).then((res) => {
      for (const m of ['json', 'text', 'blob', 'arrayBuffer', 'formData']) {
        const read = res[m].bind(res)
        res[m] = () => read().finally(finish)
      }
      if (res.status === 204 || res.status === 304 || !res.body) finish()
      return res
    }, (e) => { finish(); throw e })
  }
}

// Performs action (a click, a fill + Enter …) and waits until the requests it started have been
// answered and their answers used (see trackRequests): what the page shows afterwards is the result
// of the action, not the page before it. Fails if the action started no request.
export async function settled(page, action, what = '操作', timeout = 30000) {
  const before = await page.evaluate(() => window.__suijiNet.done)
  await action()
  try {
    await page.waitForFunction((n) => window.__suijiNet.done > n && window.__suijiNet.pending === 0, before, { timeout })
  } catch {
    throw new Error(`断言失败: ${what}后 ${timeout / 1000} 秒内页面的请求未完成`)
  }
}

export function assertClean(page) {
  if (page.problems.length) throw new Error('浏览器报告错误:\n' + page.problems.join('\n'))
}

export function check(cond, message) {
  if (!cond) throw new Error('断言失败: ' + message)
}

// Asserts that what a locator matches disappears, waiting for the page to refresh after an action
// (a list reloads after the success message is already shown).
export async function checkGone(locator, message, timeout = 30000) {
  try {
    await locator.first().waitFor({ state: 'detached', timeout })
  } catch {
    throw new Error('断言失败: ' + message)
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
}

// Serves web/dist on 127.0.0.1 (a free port): "/" → index.html, "/public/" → public/index.html;
// /api/* answers 401 JSON (nobody is signed in here). Returns { url, close }.
export async function staticServer() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/public/api/')) {
      // Like the real server for a wrong password: 401 with the reason in Chinese.
      const signIn = req.method === 'POST' && url.pathname === '/api/session'
      res.writeHead(401, { 'Content-Type': 'application/json; charset=utf-8' })
      return res.end(JSON.stringify({ error: signIn ? '用户名或密码错误（还可尝试4次）' : '未登录或登录已过期' }))
    }
    let p = decodeURIComponent(url.pathname)
    if (p.endsWith('/')) p += 'index.html'
    const file = normalize(join(dist, p))
    if (!file.startsWith(dist + '/')) { res.writeHead(400); return res.end() }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' })
      res.end(await readFile(file))
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('未找到')
    }
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) }
}

// Screenshots for docs/img/ (only when SUIJI_SCREENSHOTS=1, so ordinary runs leave the tree alone).
export async function screenshot(page, name) {
  if (process.env.SUIJI_SCREENSHOTS !== '1') return
  const dir = join(root, 'docs/img')
  await mkdir(dir, { recursive: true })
  // Let the transient messages (已保存 …) fade first: the picture is of the page.
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {})
  await page.screenshot({ path: join(dir, name + '.png') })
}

export function haveDist() {
  return existsSync(join(dist, 'index.html')) && existsSync(join(dist, 'public/index.html'))
}

// Runs one test body with a browser; prints 通过 / the failure and sets the exit code.
export async function run(name, body) {
  const browser = await launch()
  try {
    await body(browser)
    console.log(`通过: ${name}`)
  } catch (e) {
    console.error(`失败: ${name}\n${e.stack || e.message}`)
    process.exitCode = 1
    // What the pages showed when it failed, for whoever reads the log: tests/web/out/ (git-ignored).
    const out = join(root, 'tests/web/out')
    await mkdir(out, { recursive: true })
    for (const [i, p] of openPages.entries()) {
      if (p.isClosed()) continue
      const file = join(out, `${name.slice(0, 20)}-${i}.png`)
      await p.screenshot({ path: file }).then(() => console.error(`截图: ${file}（${p.url()}）`), () => {})
      const msgs = await p.locator('.el-message').allInnerTexts().catch(() => [])
      if (msgs.length) console.error(`页面提示: ${msgs.join(' | ')}`)
    }
  } finally {
    openPages.length = 0
    await browser.close()
  }
}

// ---- End-to-end tests against a real `suiji serve` ($SUIJI, set by ctest) ----

export const PW = 'Ceshi-2026-pw'
export const ADMIN = '管理员甲'
// name, role, unit (default: the city bureau), person id (inspectors are in the people directory)
export const USERS = [
  ['分局甲', '分局管理员', '修武分局', null],
  ['科员甲', '科室人员', null, null],
  ['执法甲', '执法人员', '修武分局', 'P0002'],
  ['监督员', '监督', null, null],
  ['审核员', '公开审核', null, null],
  ['系统员', '系统管理员', null, null],
  ['安全员', '安全管理员', null, null],
  ['审计员', '审计管理员', null, null],
]

function suiji(env, args, { stdin, actor } = {}) {
  const bin = process.env.SUIJI
  if (!bin) throw new Error('SUIJI 未设置（suiji 可执行文件的路径，由 ctest 设置）')
  const r = spawnSync(bin, args, { env: { ...env, ...(actor ? { SUIJI_USER: actor } : {}) }, input: stdin, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`suiji ${args.join(' ')} 退出码 ${r.status}\n${r.stdout}${r.stderr}`)
  return r.stdout
}

// Fixes the clock of the server, the command line and the browser (newPage) at pinned
// ("2026-05-13T10:00:00+08:00") when this build honours SUIJI_NOW (a test build): a test whose dates
// follow "today" then means the same on any day it runs (a year's or quarter's last day, or 16:00–24:00
// UTC, when the machine's date is not yet the server's Asia/Shanghai date). Call it before makeDb().
// Returns the server's date, YYYY-MM-DD: the pinned one, or today in Asia/Shanghai otherwise.
export function serverToday(pinned) {
  const version = spawnSync(process.env.SUIJI, ['--version'], { encoding: 'utf8' }).stdout || ''
  if (version.includes('启用')) {
    process.env.SUIJI_NOW = pinned
    return pinned.slice(0, 10)
  }
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

// A database of the city bureau with two branches, the inspector directory of tests/data and a user of
// every role (password PW), made with the command line as an administrator would.
export function makeDb() {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-web-'))
  const db = join(dir, 't.db')
  const env = { ...process.env, SUIJI_DB: db, SUIJI_USER: ADMIN }
  suiji(env, ['init', '--org', '焦作市生态环境局', '--region', '410800', '--level', 'city', '--admin', ADMIN], { stdin: PW + '\n' })
  suiji(env, ['import', 'people', join(root, 'tests/data/dir/people.csv'), '--date', '2025-01-01'])
  suiji(env, ['unit', 'add', '修武分局', '--region', '410821'])
  suiji(env, ['unit', 'add', '沁阳分局', '--region', '410882'])
  for (const [name, role, unit, person] of USERS) {
    const args = ['user', 'add', name, '--role', role]
    if (unit) args.push('--unit', unit)
    if (person) args.push('--person', person)
    // 三员分立: the security administrator appoints the audit administrator.
    const actor = role === '审计管理员' ? '安全员' : undefined
    suiji(env, args, { actor })
    suiji(env, ['user', 'passwd', name], { stdin: PW + '\n', actor })
  }
  return { dir, db, env, cli: (args, opts) => suiji(env, args, opts) }
}

// Starts `suiji serve` on a free loopback port over the built web/dist; resolves { url, stop }.
export async function startServer(db) {
  const proc = spawn(process.env.SUIJI, ['serve', '--db', db.db, '--listen', '127.0.0.1:0', '--web', dist, '--access-log', join(db.dir, 'access.log')],
    { env: db.env, stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('suiji serve 60 秒内未启动:\n' + err)), 60000)
    proc.stderr.on('data', (d) => {
      err += d
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//)
      if (m) { clearTimeout(timer); ok(`http://127.0.0.1:${m[1]}`) }
    })
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`suiji serve 退出（${code}）:\n${err}`)) })
  })
  proc.removeAllListeners('exit')
  return {
    url,
    stop: () => new Promise((ok) => { proc.on('exit', ok); proc.kill('SIGTERM') }),
  }
}

// Signs in through the login page and waits for the application's layout.
export async function signIn(page, url, name, password = PW) {
  await page.goto(url + '/#/login')
  await page.getByPlaceholder('用户名').fill(name)
  await page.getByPlaceholder('密码').fill(password)
  await page.locator('[data-test=login]').click()
  await page.locator('[data-test=user-menu]').waitFor({ timeout: 30000 })
}

export async function signOut(page) {
  await page.locator('[data-test=user-menu]').click()
  await page.getByText('退出登录').click()
  await page.waitForURL(/#\/login/, { timeout: 30000 })
}

// The titles of the sidebar's menu entries (groups and items), as shown.
export async function menuTitles(page) {
  return page.locator('.aside .el-menu-item, .aside .el-sub-menu__title').allInnerTexts().then((a) => a.map((t) => t.trim()))
}

// The item list of tests/cli/plan-lib.sh and a small objects directory with valid credit codes
// (tests/cli/codes.py): 10 一般 and 4 重点 in 修武县 (410821), 6 一般 in 沁阳市 (410882). Imported
// with the command line, as the city would before the year's plans.
export function loadDirectory(db) {
  const items = readFileSync(join(root, 'tests/cli/plan-lib.sh'), 'utf8').split("ITEMS_CSV='")[1].split("'")[0]
  writeFileSync(join(db.dir, 'items.csv'), items + '\n')
  const py = `
import codes
print("统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型")
n = 700000
for count, region, klass in ((10, "410821", "一般"), (4, "410821", "重点"), (6, "410882", "一般")):
    for _ in range(count):
        n += 1
        print(f"{codes.uscc('91', region, '%08d' % n)},测试单位{n},{region},2614,{klass},否,正常,否,企业")
`
  const r = spawnSync('python3', ['-c', py], { env: { ...process.env, PYTHONPATH: join(root, 'tests/cli') }, encoding: 'utf8' })
  if (r.status !== 0) throw new Error('生成检查对象名录失败: ' + r.stderr)
  writeFileSync(join(db.dir, 'objects.csv'), r.stdout)
  db.cli(['import', 'items', join(db.dir, 'items.csv')])
  db.cli(['import', 'objects', join(db.dir, 'objects.csv')])
}

// Inspectors in the field (e2e-inspector, e2e-problems): two more certified inspectors in the people
// directory (P0005 of 修武分局, P0006 of 沁阳分局), a second inspector account 执法乙 (P0005), and two
// targeted inspections in 修武县 registered with the command line on "date": task 1 for 执法甲's team
// (P0002, P0001), task 2 for another team (P0005, P0001). Needs loadDirectory(db) first. Returns the
// tasks' ids and their objects' names.
export function fieldTasks(db, date) {
  const people = readFileSync(join(root, 'tests/data/dir/people.csv'), 'utf8').trimEnd() + '\n' +
    'P0005,周海涛,执法,41082110005,焦作市生态环境局修武分局,执法大队,执法队员,410821,5,水,是\n' +
    'P0006,吴晓燕,执法,41088210006,焦作市生态环境局沁阳分局,执法大队,执法队员,410882,7,大气,是\n'
  writeFileSync(join(db.dir, 'people-more.csv'), people)
  db.cli(['import', 'people', join(db.dir, 'people-more.csv'), '--date', date])
  db.cli(['user', 'add', '执法乙', '--role', '执法人员', '--unit', '修武分局', '--person', 'P0005'])
  db.cli(['user', 'passwd', '执法乙'], { stdin: PW + '\n' })
  const objects = readFileSync(join(db.dir, 'objects.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',')).filter((f) => f[2] === '410821' && f[4] === '一般')
  const tasks = []
  for (const [i, team] of [['P0002', 'P0001'], ['P0005', 'P0001']].entries()) {
    const [uscc, name] = objects[i]
    const out = db.cli(['targeted', 'add', '--uscc', uscc, '--trigger', '信访投诉举报', '--reference', `修环信〔2027〕${i + 1}号`,
      '--items', 'JZ-001,JZ-002', '--team', team.join(','), '--date', date])
    const id = Number((out.match(/第(\d+)号/) || [])[1])
    if (!id) throw new Error('无法从输出中读出任务编号: ' + out)
    tasks.push({ id, uscc, name })
  }
  return tasks
}
