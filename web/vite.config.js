// Vite build of the staff application (index.html, served at /) and the public portal
// (public/index.html, served at /public/). Templates are compiled here, at build time, so the
// browser never needs a runtime template compiler or eval (the server's CSP forbids unsafe-eval).
// File names carry content hashes; scripts/compress.mjs writes .gz copies afterwards.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  base: '/',
  // "public/" holds the portal's entry page, not static files to copy verbatim.
  publicDir: false,
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome87',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        app: here('./index.html'),
        portal: here('./public/index.html'),
      },
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue')) return 'vue'
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/public/api': 'http://127.0.0.1:8080',
    },
  },
})
