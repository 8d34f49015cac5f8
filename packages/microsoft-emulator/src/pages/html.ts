// A tiny HTML templating helper whose interpolations are escaped unless they are already
// trusted markup, plus the shared page frame, so no page can emit unescaped input by accident.

const TRUSTED = Symbol("trusted html");

export interface Html {
  readonly [TRUSTED]: true;
  readonly text: string;
}

type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Html>;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function trusted(text: string): Html {
  return { [TRUSTED]: true, text };
}

function isHtml(value: unknown): value is Html {
  return typeof value === "object" && value !== null && TRUSTED in value;
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (isHtml(value)) return value.text;
  if (Array.isArray(value)) return value.map((item: Html) => item.text).join("");
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${userInput}</p>\`` escapes userInput. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let text = strings[0] ?? "";
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? "");
  });
  return trusted(text);
}

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;background:#f3f2f1;color:#201f1e}
header{background:#0f6cbd;color:#fff;padding:10px 24px;font-size:15px}
header a{color:#fff;text-decoration:none}
main{max-width:1100px;margin:24px auto;background:#fff;padding:24px 32px;border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
.narrow{max-width:440px}
button,.button{background:#0f6cbd;color:#fff;border:0;padding:8px 18px;border-radius:2px;font-size:14px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#e1dfdd;color:#201f1e}
input[type=email],input[type=text]{width:100%;padding:8px;font-size:15px;border:1px solid #8a8886;box-sizing:border-box;margin:6px 0 14px}
.account{display:block;width:100%;text-align:left;background:#fff;color:#201f1e;border:1px solid #e1dfdd;margin:6px 0;padding:10px 14px}
.account small{color:#605e5c}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #e1dfdd;padding:6px;vertical-align:top;font-size:13px}
.event{background:#deecf9;border-left:3px solid #0f6cbd;margin:3px 0;padding:3px 6px;display:block;color:inherit;text-decoration:none}
.event.foreign{background:#fff4ce;border-left-color:#c19c00}
.tag{font-size:11px;color:#605e5c}
.error{color:#a4262c}
dl{display:grid;grid-template-columns:max-content auto;gap:6px 16px}
dt{font-weight:600}
`;

export function page(title: string, body: Html, options: { narrow?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${trusted(STYLE)}</style></head>
<body><header><a href="/">Microsoft emulator</a></header>
<main class="${options.narrow ? "narrow" : ""}">${body}</main></body></html>`.text;
}
