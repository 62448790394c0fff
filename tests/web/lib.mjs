// Shared pieces of the browser tests: launching Debian's chromium through playwright-core (no
// browser download: executablePath), a small static server over web/dist that sends the same kind
// of Content-Security-Policy the real server sends (no unsafe-eval), and small assertions that
// fail the test with a message naming what was expected.
import { chromium } from 'playwright-core'
import http from 'node:http'
import { readFile, stat, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
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
export async function newPage(browser, viewport = VIEWPORTS.office) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (e) => page.problems.push(`页面异常: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|unsafe-eval|Refused to/.test(m.text())) page.problems.push(`CSP: ${m.text()}`)
  })
  return page
}

export function assertClean(page) {
  if (page.problems.length) throw new Error('浏览器报告错误:\n' + page.problems.join('\n'))
}

export function check(cond, message) {
  if (!cond) throw new Error('断言失败: ' + message)
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
  } finally {
    await browser.close()
  }
}
