// Entry of the public portal (/public/): no sign-in, read-only, talks only to /public/api/.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import '../style.css'
import Portal from './Portal.vue'

createApp(Portal).use(ElementPlus, { locale: zhCn }).mount('#portal')
