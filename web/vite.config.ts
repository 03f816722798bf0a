import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API the dev server and `vite preview` forward to (a running `guanxi`).
const api = process.env.GUANXI_URL ?? 'http://127.0.0.1:8080'
// Customer photos, export downloads and the unsubscribe page of care mails
// are served by the binary too.
const proxy = {
  '/graphql': { target: api, changeOrigin: false },
  '/photos': { target: api, changeOrigin: false },
  '/downloads': { target: api, changeOrigin: false },
  '/unsubscribe': { target: api, changeOrigin: false },
}

// Precompressed copies of the built files: for every text file of `dist`
// worth compressing, a brotli `.br` and a gzip `.gz` beside it. The `guanxi`
// binary serves them by the request's Accept-Encoding (platform/server's
// web.rs), so a phone on a slow network downloads the main route's
// JavaScript at its compressed size without the server compressing at each
// request; release builds embed them with the rest of `dist`.

// Files below this size are sent as they are: the saving is smaller than a
// packet.
const MIN_BYTES = 1024
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|xml|wasm)$/

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

// Compress `dir`'s files; a variant that saves nothing is not written (the
// server then sends the file itself).
function compressDir(dir: string): { files: number; bytes: number; br: number; gz: number } {
  const sum = { files: 0, bytes: 0, br: 0, gz: 0 }
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path)) continue
    const raw = readFileSync(path)
    if (raw.length < MIN_BYTES) continue
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    })
    const gz = gzipSync(raw, { level: 9 })
    if (br.length < raw.length) writeFileSync(`${path}.br`, br)
    if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz)
    sum.files += 1
    sum.bytes += raw.length
    sum.br += Math.min(br.length, raw.length)
    sum.gz += Math.min(gz.length, raw.length)
  }
  return sum
}

// The Vite step: runs once the build has written `outDir`.
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'guanxi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    closeBundle() {
      const s = compressDir(outDir)
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
      console.log(`precompressed ${s.files} files: ${kb(s.bytes)} → brotli ${kb(s.br)}, gzip ${kb(s.gz)}`)
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported where templates use them, so the
    // main route carries only the components it shows (the 300 KB budget).
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
    precompress(),
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
