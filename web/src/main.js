// Entry of the staff application: Vue 3 with Element Plus in Simplified Chinese and the router.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import router from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { session } from './auth.js'
import './style.css'

setUnauthorizedHandler(() => {
  session.user = null
  session.checked = true
  const here = router.currentRoute.value
  if (here.path !== '/login') router.push({ path: '/login', query: { redirect: here.fullPath } })
})

const app = createApp(App)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.use(ElementPlus, { locale: zhCn })
app.use(router)
app.mount('#app')
