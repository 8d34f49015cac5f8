import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../../src/domain/html.ts";

describe("escapeHtml", () => {
  // prettier-ignore
  const table: Array<[text: string, html: string]> = [
    ["",                                  ""],
    ["plain words",                       "plain words"],
    ["Tom & Jerry",                       "Tom &amp; Jerry"],
    ["<img src=x onerror=alert(1)>",      "&lt;img src=x onerror=alert(1)&gt;"],
    [`" onmouseover="alert(1)`,           "&quot; onmouseover=&quot;alert(1)"],
    ["O'Brien",                           "O&#39;Brien"],
    ["&amp; stays text",                  "&amp;amp; stays text"],
    ["José 🙂 محمد",                       "José 🙂 محمد"],
  ];
  it.each(table)("%j → %j", (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });
});
