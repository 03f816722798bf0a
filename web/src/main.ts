import { createApp } from 'vue'
import urql from '@urql/vue'
import 'element-plus/theme-chalk/base.css'
// Programmatic Element Plus services (not resolved from templates) need
// their styles imported by hand.
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-loading.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n, initLocale } from './i18n'
import { client } from './api/client'

const app = createApp(App).use(router).use(i18n).use(urql, client)
void initLocale().then(() => app.mount('#app'))
