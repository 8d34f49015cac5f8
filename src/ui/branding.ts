/**
 * The organization's button colours as CSS custom properties on the document root, each
 * with a readable text colour beside it, so every primary button follows the branding.
 */
import { useLayoutEffect } from "react";
import type { Branding } from "../server/contract.ts";
import { readableTextColor } from "./colors.ts";

export function useBranding({ primaryColor, secondaryColor }: Branding): void {
  // Before the browser paints, so the default colours never flash.
  useLayoutEffect(() => {
    const properties = {
      "--primary": primaryColor,
      "--on-primary": readableTextColor(primaryColor),
      "--secondary": secondaryColor,
      "--on-secondary": readableTextColor(secondaryColor),
    };
    const style = document.documentElement.style;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return () => {
      for (const name of Object.keys(properties)) style.removeProperty(name);
    };
  }, [primaryColor, secondaryColor]);
}
