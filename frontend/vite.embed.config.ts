import { defineConfig } from 'vite';

// The embeddable seat map (<marquee-seat-map>, src/embed.ts) as one self-contained ES module at a
// stable address, /embed/marquee-seat-map.js, for other sites to load; built after the app.
export default defineConfig({
  // the app's build copied public/ already
  publicDir: false,
  build: {
    outDir: '../target/classes/static/embed',
    emptyOutDir: false,
    target: 'es2022',
    lib: { entry: 'src/embed.ts', formats: ['es'], fileName: () => 'marquee-seat-map.js' },
  },
});
