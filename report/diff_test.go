package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// diffSample is a comparison with a bit of everything, and text that tries
// to add Markdown.
func diffSample() *change.Report {
	zero, one, two := 0, 1, 2
	return &change.Report{
		SchemaVersion: change.SchemaVersion,
		Old: change.Image{Source: "registry", Reference: "127.0.0.1:5000/app:1",
			Size: 4 << 20, CompressedSize: 2 << 20, LayerCount: 2},
		New: change.Image{Source: "oci-dir", Reference: "app-2",
			Size: 6 << 20, CompressedSize: 3 << 20, LayerCount: 3},
		SizeDelta: 2 << 20, CompressedDelta: 1 << 20, LayerCountDelta: 1, SharedBase: 1,
		Layers: []change.Layer{
			{DiffID: "sha256:aa", Change: change.Shared, Old: &zero, New: &zero, Size: 3 << 20},
			{DiffID: "sha256:bb", Change: change.Added, New: &one, Size: 2 << 20,
				CreatedBy: "/bin/sh -c #(nop) COPY dir:1 in /srv/app"},
			{DiffID: "sha256:cc", Change: change.Added, New: &two, Size: 1 << 20},
			{DiffID: "sha256:dd", Change: change.Removed, Old: &one, Size: 1 << 20},
		},
		Dirs: []change.Dir{
			{Path: "/srv", Old: 1 << 20, New: 3 << 20, Delta: 2 << 20},
			{Path: "/srv/app|x", Depth: 1, Old: 0, New: 2 << 20, Delta: 2 << 20},
		},
		Files: []change.File{
			{Path: "/srv/app|x/server", Change: change.Grown, OldSize: 1 << 20, NewSize: 3 << 20,
				Delta: 2 << 20, Layer: 1},
			{Path: "/srv/old", Change: change.Removed, OldSize: 10, Delta: -10},
			{Path: "/srv/same", Change: change.Changed, OldSize: 4, NewSize: 4},
		},
		NewFindings: []result.Finding{{Check: "git-dir", Severity: result.High,
			Path: "/srv/app/.git", Message: "a *bold* [link](http://x.invalid) claim"}},
		FixedFindings: []result.Finding{{Check: "user-root", Severity: result.High,
			Message: "the container runs as root"}},
		Config: []change.Config{
			{Field: "user", Change: change.Changed, Old: "0", New: "1000"},
			{Field: "env", Key: "API_TOKEN", Change: change.Changed},
			{Field: "label", Key: "note", Change: change.Added, New: "<b>hi</b>"},
		},
		Gate: &change.Gate{Limits: []string{"1MB", "5%"},
			Exceeded: []string{"the image grew by 2.0 MiB (2097152 bytes), over the 1MB limit"}},
	}
}

func TestDiffTable(t *testing.T) {
	tests := []struct {
		name      string
		opts      DiffOptions
		want      []string
		forbidden []string
	}{
		{"pipe: exact sizes", DiffOptions{},
			[]string{"uncompressed", "4194304", "6291456", "+2097152 (+50.0%)",
				"the base is the same",
				"added", "COPY dir:1 in /srv/app", "/srv/app|x/server", "-10",
				"New findings (1)", "git-dir", "Fixed findings (1)", "user-root",
				"env API_TOKEN", "(value not shown)", "Growth gate failed (limits: 1MB, 5%)",
				"over the 1MB limit"},
			[]string{"6.0 MiB", "│", "\x1b["}},
		{"terminal: rounded", DiffOptions{TableOptions: TableOptions{Human: true}},
			[]string{"4.0 MiB", "+2.0 MiB (+50.0%)", "│"}, nil},
		{"files cut to the biggest", DiffOptions{Files: 1},
			[]string{"3 changed; the 1 biggest changes", "/srv/app|x/server"},
			[]string{"/srv/old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := DiffTable(&buf, diffSample(), tt.opts); err != nil {
				t.Fatal(err)
			}
			checkText(t, buf.String(), tt.want, tt.forbidden)
		})
	}
}

func TestDiffTableIndentsTheTree(t *testing.T) {
	var buf bytes.Buffer
	if err := DiffTable(&buf, diffSample(), DiffOptions{}); err != nil {
		t.Fatal(err)
	}
	indent := map[string]int{}
	for _, line := range strings.Split(buf.String(), "\n") {
		fields := strings.Fields(line)
		isDir := len(fields) > 1 && strings.HasPrefix(fields[1], "/")
		if isDir && strings.HasPrefix(fields[0], "+") {
			indent[fields[1]] = len(line) - len(strings.TrimLeft(line, " "))
		}
	}
	if indent["/srv"] == 0 || indent["/srv/app|x"] <= indent["/srv"] {
		t.Errorf("indents = %v: want /srv/app|x deeper than /srv", indent)
	}
}

func TestDiffMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := DiffMarkdown(&buf, diffSample(), DiffOptions{}); err != nil {
		t.Fatal(err)
	}
	checkText(t, buf.String(),
		[]string{"### ❌ imgaudit diff: +2.0 MiB (+50.0%) uncompressed",
			"over the 1MB limit", "| uncompressed | 4.0 MiB | 6.0 MiB | +2.0 MiB (+50.0%) |",
			"`/srv/app\\|x/server`", "\\*bold\\* \\[link\\](http://x.invalid)",
			"&lt;b&gt;hi&lt;/b&gt;", "(value not shown)", "  - +2.0 MiB `/srv/app\\|x`"},
		[]string{"<b>", "*bold*"}) // unescaped
}

func TestDiffJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := DiffJSON(&buf, &change.Report{}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	lists := []string{"layers", "dirs", "files", "newFindings", "fixedFindings", "config"}
	for _, k := range lists {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s = %v, want an array", k, m[k])
		}
	}
	if _, ok := m["gate"]; ok {
		t.Error("gate is present without limits")
	}

	buf.Reset()
	if err := DiffJSON(&buf, diffSample()); err != nil {
		t.Fatal(err)
	}
	var back change.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.SizeDelta != 2<<20 || len(back.Files) != 3 || back.Files[1].Change != change.Removed ||
		back.Files[1].Delta != -10 || !back.Gate.Failed() {
		t.Errorf("round trip lost data: %+v", back)
	}
}
