import { defineConfig } from 'vitest/config';

// `npm run dev` serves the UI on :5173 and proxies the API, the WebSockets and RSocket to a
// Marquee server on :8080 (`./mvnw spring-boot:test-run`). `npm run build` writes the bundle
// where Spring Boot serves static files from, so the jar carries the UI.
const backend = process.env.MARQUEE_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/rsocket': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
