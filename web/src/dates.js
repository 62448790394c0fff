// The bureau's calendar day. The server dates everything in China Standard Time (Asia/Shanghai), so
// the pages take "today", this year and this quarter from the same zone — never from the browser's
// UTC date (toISOString), which is yesterday in China before 08:00.
const ZONE = 'Asia/Shanghai'

// Today as YYYY-MM-DD in China.
export function today() {
  return new Date().toLocaleDateString('sv-SE', { timeZone: ZONE })
}

// This year in China (a number).
export function thisYear() {
  return Number(today().slice(0, 4))
}

// This month in China, 1–12.
export function thisMonth() {
  return Number(today().slice(5, 7))
}

// This quarter in China, e.g. "2026Q4".
export function thisQuarter() {
  return `${thisYear()}Q${Math.floor((thisMonth() - 1) / 3) + 1}`
}
