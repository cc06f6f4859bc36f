package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func sample() *result.Result {
	layer := 1
	return &result.Result{
		SchemaVersion: result.SchemaVersion,
		Image: result.Image{Source: "oci-dir", Reference: "app", ImageID: "sha256:abc", Size: 3 << 20,
			LayerCount: 2},
		Layers: []result.Layer{
			{Index: 0, Size: 2 << 20, CreatedBy: "/bin/sh -c #(nop) ADD file:1 in /",
				Top: []result.PathSize{{
					Path: "/usr/lib/x86_64-linux-gnu/a-very-long-library-name-indeed.so.1",
					Size: 2 << 20,
				}}},
			{Index: 1, Size: 1 << 20, CreatedBy: "/bin/sh -c apt-get update",
				Top: []result.PathSize{{Path: "/var/lib/apt/lists", Size: 1 << 20}}},
		},
		Findings: []result.Finding{
			{Check: "package-cache", Severity: result.Medium, Path: "/var/lib/apt/lists", Layer: &layer,
				Message: "apt package lists left in /var/lib/apt/lists; remove them in the same RUN"},
			{Check: "user-root", Severity: result.High, Message: "the container runs as root"},
		},
		Efficiency: 1,
	}
}

func TestTableForms(t *testing.T) {
	tests := []struct {
		name      string
		opts      TableOptions
		want      []string
		forbidden []string
	}{
		{"pipe: plain and exact", TableOptions{},
			[]string{"3145728 uncompressed", "package-cache", "1048576 /var/lib/apt/lists",
				"RUN apt-get update", "a-very-long-library-name-indeed.so.1"},
			[]string{"MiB", "│", "\x1b["}},
		{"terminal: boxed and rounded", TableOptions{Human: true, Width: 80},
			[]string{"3.0 MiB uncompressed", "layer 1", "│", "1.0 MiB /var/lib/apt/lists", "…"},
			[]string{"\x1b["}},
		{"terminal with colour", TableOptions{Human: true, Color: true},
			[]string{"\x1b[31mhigh"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Table(&buf, sample(), tt.opts); err != nil {
				t.Fatal(err)
			}
			checkText(t, buf.String(), tt.want, tt.forbidden)
		})
	}
}

func TestWrap(t *testing.T) {
	got := wrap("one two three four five", 9)
	want := []string{"one two", "three", "four five"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if got := wrap("unbreakable-word-longer-than-width", 5); len(got) != 1 {
		t.Errorf("a long word is split: %q", got)
	}
}

func TestJSONNeverNull(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, &result.Result{}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"findings", "layers"} {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s = %v, want an array", k, m[k])
		}
	}
}

func TestTableGate(t *testing.T) {
	res := sample()
	res.Findings[0].Waiver = &result.Waiver{Reason: "rebuilt nightly", Expires: "2027-01-31"}
	res.Findings[1].Blocking = true
	res.Findings[1].Baseline = result.BaselineNew
	res.Gate = &result.Gate{FailOn: "high", Blocking: 1, Waived: 1, Baseline: "base.json"}

	for _, human := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Table(&buf, res, TableOptions{Human: human}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{
			"waived: rebuilt nightly (until 2027-01-31)",
			"blocking; new since the baseline",
			"gate failed (fail on high): 1 blocking, 1 waived, compared with the baseline base.json",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("human=%v: missing %q in:\n%s", human, want, out)
			}
		}
	}
}

// checkText checks that out holds every string of want and none of
// forbidden.
func checkText(t *testing.T, out string, want, forbidden []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("missing %q in:\n%s", w, out)
		}
	}
	for _, f := range forbidden {
		if strings.Contains(out, f) {
			t.Errorf("unexpected %q in:\n%s", f, out)
		}
	}
}
