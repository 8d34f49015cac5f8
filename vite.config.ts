import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The browser UI lives in src/ui and is built into dist/ui, which the server serves.
export default defineConfig({
  root: "src/ui",
  plugins: [react()],
  build: { outDir: "../../dist/ui", emptyOutDir: true, sourcemap: true },
  server: { proxy: { "/api": "http://localhost:3000", "/auth": "http://localhost:3000" } },
});
