package report

import (
	"encoding/json"
	"io"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// JSON writes the result as one indented JSON object, in the schema that
// report/SCHEMA.md describes. Findings and layers are never null.
func JSON(w io.Writer, res *result.Result) error {
	out := *res
	if out.Findings == nil {
		out.Findings = []result.Finding{}
	}
	if out.Layers == nil {
		out.Layers = []result.Layer{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
