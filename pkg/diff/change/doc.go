// Package change holds the plain structs that comparing two images produces:
// how their sizes, layers, files, findings and configs differ, and whether a
// growth limit was exceeded. Renderers in report/ read only these types, and
// every field carries the JSON name report/DIFF-SCHEMA.md documents.
package change
