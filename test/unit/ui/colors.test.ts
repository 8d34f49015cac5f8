import { describe, expect, it } from "vitest";
import { BLACK, WHITE, contrastRatio, readableTextColor, relativeLuminance } from "../../../src/ui/colors.ts";

describe("relativeLuminance", () => {
  it("is 0 for black and 1 for white", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#FFFFFF")).toBeCloseTo(1, 10);
  });

  it("weighs green most and blue least, as the eye does", () => {
    expect(relativeLuminance("#ff0000")).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance("#00ff00")).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance("#0000ff")).toBeCloseTo(0.0722, 4);
  });

  it("uses the linear segment for very dark channels", () => {
    expect(relativeLuminance("#0a0a0a")).toBeCloseTo(10 / 255 / 12.92, 8);
  });

  it("refuses anything but #rrggbb", () => {
    expect(() => relativeLuminance("#fff")).toThrow();
    expect(() => relativeLuminance("red")).toThrow();
  });
});

describe("contrastRatio", () => {
  it("is 21 for black on white, 1 for a colour on itself, and symmetric", () => {
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 10);
    expect(contrastRatio("#1f6feb", "#1f6feb")).toBe(1);
    expect(contrastRatio("#777777", WHITE)).toBeCloseTo(contrastRatio(WHITE, "#777777"), 12);
  });

  it("matches known pairs", () => {
    expect(contrastRatio("#767676", WHITE)).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#0000ff", WHITE)).toBeCloseTo(8.59, 2);
  });
});

describe("readableTextColor", () => {
  // prettier-ignore
  const table: Array<[background: string, text: string]> = [
    ["#ffffff", BLACK],
    ["#000000", WHITE],
    ["#ffcc00", BLACK], // yellow
    ["#00ff00", BLACK], // bright green
    ["#0b3d91", WHITE], // dark blue
    ["#1f6feb", WHITE], // mid blue: white wins narrowly (4.63 against 4.53)
    ["#b31d28", WHITE], // dark red
    ["#d73a49", BLACK], // lighter red: black 4.59 against white 4.57
    ["#777777", BLACK], // mid grey: black 4.69, white 4.48
    ["#808080", BLACK],
  ];
  it.each(table)("on %s writes in %s", (background, text) => {
    expect(readableTextColor(background)).toBe(text);
  });

  it("always reaches at least 4.5:1 where one of black or white can", () => {
    for (let v = 0; v < 256; v += 5) {
      const hex = `#${v.toString(16).padStart(2, "0").repeat(3)}`;
      expect(contrastRatio(hex, readableTextColor(hex))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
