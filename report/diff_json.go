package report

import (
	"encoding/json"
	"io"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// DiffJSON writes a comparison as one indented JSON object, in the schema
// report/DIFF-SCHEMA.md describes. Lists are never null.
func DiffJSON(w io.Writer, rep *change.Report) error {
	out := *rep
	out.Layers = orEmpty(out.Layers)
	out.Dirs = orEmpty(out.Dirs)
	out.Files = orEmpty(out.Files)
	out.NewFindings = orEmpty(out.NewFindings)
	out.FixedFindings = orEmpty(out.FixedFindings)
	out.Config = orEmpty(out.Config)

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}

// orEmpty turns a nil list into an empty one, so that it encodes as [].
func orEmpty[T change.Layer | change.Dir | change.File | change.Config |
	result.Finding](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
