import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/store/schema.ts and committed; they run on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./src/store/migrations",
});
