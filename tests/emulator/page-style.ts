// The small shared layout of the emulator's HTML pages (sign-in, error, customer chat).
import { escapeHtml } from "./http-util";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f3f5f8}
main{max-width:40rem;margin:2.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d9dee5;border-radius:12px;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{font-size:1.4rem;margin:0 0 .25rem}
h2{font-size:1rem;margin:1.25rem 0 .5rem;color:#4a5563}
p.lead{margin:0 0 1rem;color:#4a5563}
ul.people{list-style:none;margin:0;padding:0}
ul.people li{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.6rem 0;border-top:1px solid #eef1f4}
.who strong{display:block}
.who span{color:#5b6573;font-size:.9rem}
.role{display:inline-block;margin-left:.4rem;padding:0 .45rem;border-radius:999px;background:#e8eefc;color:#23408e;font-size:.75rem;vertical-align:middle}
button,.button{font:inherit;border:0;border-radius:8px;padding:.5rem .9rem;background:#2455d6;color:#fff;cursor:pointer}
button.secondary{background:#e9edf2;color:#1b1f24}
button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f5a524;outline-offset:2px}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select,textarea{font:inherit;width:100%;padding:.5rem .6rem;border:1px solid #c4ccd6;border-radius:8px;background:#fff}
.row{display:flex;gap:.5rem;align-items:flex-end}
.row>*{flex:1}
.row>button{flex:0 0 auto}
code{background:#eef1f4;padding:0 .3rem;border-radius:4px}
.muted{color:#5b6573;font-size:.9rem}
.error{color:#a4161a}
`;

export function page(title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script>${script}</script>` : ""}
</body>
</html>`;
}
