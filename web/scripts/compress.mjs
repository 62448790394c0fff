// Writes a gzip copy (name.gz) beside every compressible file of the build output, so the server
// can answer "Accept-Encoding: gzip" with a precompressed file instead of compressing per request.
// Usage: node scripts/compress.mjs dist
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join, extname } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const root = process.argv[2] || 'dist'
const kinds = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.map'])
let n = 0
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) { walk(p); continue }
    if (!kinds.has(extname(name))) continue
    const data = readFileSync(p)
    if (data.length < 256) continue
    writeFileSync(p + '.gz', gzipSync(data, { level: constants.Z_BEST_COMPRESSION }))
    n++
  }
}
walk(root)
console.log(`已生成 ${n} 个 .gz 预压缩文件 (${root})`)
