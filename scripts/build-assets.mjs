// Builds our front end into equalvoice/static/build/: our brand's CSS from GOV.UK
// Frontend's Sass, and the JavaScript files we serve. Runs offline.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "equalvoice", "static", "build");
const modules = join(root, "node_modules");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend", "scss", "equalvoice.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
});
writeFileSync(join(out, "equalvoice.css"), result.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(modules, "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));
// Leaflet for the community map, with its licence kept beside it (BSD-2-Clause).
const leaflet = join(modules, "leaflet");
mkdirSync(join(out, "leaflet"), { recursive: true });
for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
  cpSync(join(leaflet, "dist", file), join(out, "leaflet", file));
}
cpSync(join(leaflet, "dist", "images"), join(out, "leaflet", "images"), { recursive: true });
cpSync(join(leaflet, "LICENSE"), join(out, "leaflet", "LICENSE"));
// OpenMoji pictures for easy read: only those on our list (speakeasy/data/pictures.tsv),
// with OpenMoji's licence (CC BY-SA 4.0) kept beside them.
const openmoji = join(modules, "openmoji");
const pictures = join(out, "openmoji");
mkdirSync(pictures, { recursive: true });
const list = readFileSync(join(root, "equalvoice", "speakeasy", "data", "pictures.tsv"), "utf8");
for (const line of list.split("\n")) {
  const code = line.split("\t")[0].trim();
  if (!code || code.startsWith("#")) continue;
  cpSync(join(openmoji, "color", "svg", `${code}.svg`), join(pictures, `${code}.svg`));
}
cpSync(join(openmoji, "LICENSE.txt"), join(pictures, "LICENSE.txt"));
console.log("Front end built in", out);
