package report

import (
	"encoding/json"
	"io"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// jsonLine is one image's line of a JSON Lines report.
type jsonLine struct {
	Reference string         `json:"reference"`
	Result    *result.Result `json:"result,omitempty"`
	Error     string         `json:"error,omitempty"`
}

// JSONLine writes one image of a report on several images as one line of
// JSON: the reference as given, and the result (as JSON writes it) or, for
// an image that could not be audited, the error.
func JSONLine(w io.Writer, ref string, res *result.Result, err error) error {
	line := jsonLine{Reference: ref, Result: res}
	if err != nil {
		line.Error = err.Error()
		line.Result = nil
	}
	if line.Result != nil {
		out := *line.Result
		if out.Findings == nil {
			out.Findings = []result.Finding{}
		}
		if out.Layers == nil {
			out.Layers = []result.Layer{}
		}
		line.Result = &out
	}
	return json.NewEncoder(w).Encode(&line)
}
