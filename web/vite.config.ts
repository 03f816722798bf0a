import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API the dev server and `vite preview` forward to (a running `guanxi`).
const api = process.env.GUANXI_URL ?? 'http://127.0.0.1:8080'
// Customer photos and export downloads are served by the binary too.
const proxy = {
  '/graphql': { target: api, changeOrigin: false },
  '/photos': { target: api, changeOrigin: false },
  '/downloads': { target: api, changeOrigin: false },
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported where templates use them, so the
    // main route carries only the components it shows (the 300 KB budget).
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
  ],
  resolve: { alias: { '@': resolve(import.meta.dirname, 'src') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // GraphiQL's React dependencies mark themselves "use client", which
      // means nothing outside a React server framework.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        // GraphiQL, served by the binary at GET /graphql: bundled here so it
        // needs no CDN (unpkg is unreachable from many networks in China).
        graphiql: resolve(import.meta.dirname, 'graphiql.html'),
      },
    },
  },
  server: { proxy },
  preview: { proxy },
})
