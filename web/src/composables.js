// Shared state of a list page: the search form, the page and page size, and loading the rows from a
// list endpoint ({"total": N, "rows": [...]}, API-CONTRACT.md "Lists").
import { reactive, ref } from 'vue'
import { api } from './api.js'

export function useList(path, initial = {}, opts = {}) {
  const form = reactive({ ...initial })
  const rows = ref([])
  const total = ref(0)
  const page = ref(1)
  const size = ref(opts.size || 20)
  const loading = ref(false)
  const error = ref('')

  async function load() {
    loading.value = true
    error.value = ''
    try {
      const p = typeof path === 'function' ? path() : path
      const r = await api.get(p, { ...form, page: page.value, size: size.value })
      rows.value = Array.isArray(r) ? r : r.rows || []
      total.value = Array.isArray(r) ? r.length : r.total ?? rows.value.length
    } catch (e) {
      rows.value = []
      total.value = 0
      error.value = e.message
    } finally {
      loading.value = false
    }
  }
  function search() { page.value = 1; return load() }
  function reset() {
    for (const k of Object.keys(form)) form[k] = initial[k] ?? ''
    return search()
  }
  return { form, rows, total, page, size, loading, error, load, search, reset }
}

export function joinList(v) {
  if (Array.isArray(v)) return v.join('、')
  return v ?? ''
}

// People as a reader sees them: 姓名（编号） from a list of {id, name}, else the ids alone.
export function peopleList(list, ids) {
  if (Array.isArray(list) && list.length) return list.map((p) => (p.name ? `${p.name}（${p.id}）` : p.id)).join('、')
  return joinList(ids)
}
