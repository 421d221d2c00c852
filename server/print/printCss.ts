/** The stylesheet of printable documents (letters, the evidence bundle): A4, black on white, tables that break cleanly. */
export const PRINT_CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #111; background: #fff; line-height: 1.45; }
body { margin: 0 auto; max-width: 190mm; padding: 12px; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1.5px solid #333; break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 6px; break-after: avoid; }
p { margin: 0 0 8px; }
.muted { color: #555; }
.small { font-size: 9pt; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.code { font-family: "DejaVu Sans Mono", Consolas, monospace; text-align: center; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 8px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.ok { color: #1b5e20; font-weight: 600; }
.problem { color: #b71c1c; font-weight: 600; }
.cover { border: 2px solid #333; padding: 12px 14px; margin-bottom: 14px; }
.toc { columns: 2; margin: 0 0 8px; padding-left: 18px; }
.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
.section { break-inside: auto; }
.record td, .record th { padding: 2px 3px; font-size: 8.5pt; }
.letter { max-width: 170mm; margin: 0 auto; }
.letter + .letter { break-before: page; }
.letter .letterhead { display: flex; justify-content: space-between; align-items: flex-start; margin-bottom: 28px; }
.letter .school { font-size: 14pt; font-weight: 700; }
.letter .recipient { margin-bottom: 20px; white-space: pre-line; }
.letter .subject { font-weight: 700; margin: 14px 0; }
.letter .body p { white-space: pre-line; margin-bottom: 12px; }
.letter .signoff { margin-top: 28px; }
.missing { background: #fff3cd; outline: 1px dashed #b26a00; }
/* 100% attendance certificates: one per A4 landscape page (a named page, so no other document changes). */
@page certificate { size: A4 landscape; margin: 12mm 14mm 16mm; }
body.certificates { max-width: 277mm; }
.certificate { page: certificate; break-after: page; break-inside: avoid; padding: 0; margin: 0 auto 10mm; }
.certificate:last-child { break-after: auto; }
.certificate-frame { border: 3mm double #1f4e79; outline: 0.6mm solid #c9a227; outline-offset: -6mm; min-height: 168mm; padding: 14mm 18mm 10mm; text-align: center; display: flex; flex-direction: column; justify-content: center; gap: 3mm; }
.certificate-school { font-size: 15pt; font-weight: 600; color: #1f4e79; margin: 0; letter-spacing: 0.02em; }
.certificate-title { font-size: 30pt; margin: 2mm 0 4mm; color: #1f4e79; font-family: Georgia, "DejaVu Serif", serif; }
.certificate-intro, .certificate-because { font-size: 14pt; margin: 0; }
.certificate-name { font-size: 34pt; font-weight: 700; margin: 2mm 0; font-family: Georgia, "DejaVu Serif", serif; border-bottom: 0.4mm solid #c9a227; display: inline-block; align-self: center; padding: 0 8mm 1mm; }
.certificate-class { font-size: 15pt; margin: 0 0 3mm; color: #333; }
.certificate-cheer { font-size: 13pt; font-weight: 600; color: #1b5e20; margin: 3mm 0 0; }
.certificate-sign { margin-top: 10mm; display: flex; flex-direction: column; align-items: center; gap: 1mm; font-size: 11pt; }
.certificate-line { display: block; width: 70mm; border-bottom: 0.3mm solid #333; height: 8mm; }
@media print { body.certificates { max-width: none; } .certificate { margin: 0; } .certificate-frame { min-height: 178mm; } }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } .no-print { display: none; } }
`;
