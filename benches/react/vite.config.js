import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served under /react/ beside the drop-in page (the app's routes are /react/checkout,
// /react/success and /react/fail; the server answers them all with dist/index.html).
export default defineConfig({
  base: "/react/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
