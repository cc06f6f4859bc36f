package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestJSONLine(t *testing.T) {
	res := &result.Result{SchemaVersion: result.SchemaVersion,
		Image: result.Image{Reference: "app.tar", ImageID: "sha256:abc"}}
	tests := []struct {
		name      string
		res       *result.Result
		err       error
		wantError string
	}{
		{"audited", res, nil, ""},
		{"not audited", nil, errors.New("opening \"gone.tar\": no such file"),
			"opening \"gone.tar\": no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSONLine(&buf, "app.tar", tt.res, tt.err); err != nil {
				t.Fatal(err)
			}
			if strings.Count(buf.String(), "\n") != 1 || !strings.HasSuffix(buf.String(), "\n") {
				t.Fatalf("not one line: %q", buf.String())
			}

			var got struct {
				Reference string         `json:"reference"`
				Result    *result.Result `json:"result"`
				Error     string         `json:"error"`
			}
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Reference != "app.tar" || got.Error != tt.wantError ||
				(got.Result != nil) != (tt.res != nil) {
				t.Errorf("line = %+v, want reference app.tar, error %q, result %t",
					got, tt.wantError, tt.res != nil)
			}
			if got.Result != nil && (got.Result.Image.ImageID != "sha256:abc" ||
				got.Result.Findings == nil) {
				t.Errorf("result = %+v, want the image's, findings an empty list", got.Result)
			}
		})
	}
}
