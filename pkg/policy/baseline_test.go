package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func finding(check, path string, sev result.Severity) result.Finding {
	return result.Finding{Check: check, Path: path, Severity: sev, Message: check + " at " + path}
}

func TestBaselineRoundTrip(t *testing.T) {
	res := &result.Result{
		Image: result.Image{Reference: "app:1", Digest: "sha256:ab"},
		Findings: []result.Finding{
			finding("user-root", "", result.High),
			finding("env-file", "/srv/app/.env", result.High),
			finding("compiler", "/usr/bin/gcc", result.Medium),
			finding("compiler", "", result.Low),
			{Check: "git-dir", Path: "/a/.git", Severity: result.High,
				Waiver: &result.Waiver{Reason: "x"}},
		},
	}
	b := NewBaseline(res)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "at /") || strings.Contains(buf.String(), "git-dir") {
		t.Errorf("baseline holds a message or a waived finding:\n%s", &buf)
	}

	name := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBaseline(name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range got.Findings {
		ids = append(ids, a.ID)
	}
	want := []string{"compiler", "compiler:/usr/bin/gcc", "env-file:/srv/app/.env", "user-root"}
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q (sorted, waived left out)", ids, want)
	}
	if got.File != name || got.Image.Digest != "sha256:ab" {
		t.Errorf("baseline = %+v", got)
	}

	// The same findings in another order write the same file.
	slices.Reverse(res.Findings)
	var again bytes.Buffer
	if err := NewBaseline(res).Write(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("baseline depends on finding order:\n%s\n---\n%s", &buf, &again)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	tests := []struct {
		name, text, msg string
	}{
		{"not json", "{", "not a baseline"},
		{"other version", `{"baselineVersion": 2, "findings": []}`, "baselineVersion is 2"},
		{"no version", `{"findings": []}`, "baselineVersion is 0"},
		{"bad severity", `{"baselineVersion": 1, "findings": [{"check": "a", "severity": "x"}]}`,
			"unknown severity"},
		{"no check", `{"baselineVersion": 1, "findings": [{"severity": "low"}]}`, "finding 1 needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "b.json")
			if err := os.WriteFile(name, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadBaseline(name)
			if err == nil || !strings.Contains(err.Error(), tt.msg) ||
				!strings.HasPrefix(err.Error(), name) {
				t.Errorf("err = %v, want %s: …%s…", err, name, tt.msg)
			}
		})
	}
	if _, err := ReadBaseline(filepath.Join(t.TempDir(), "absent.json")); err == nil {
		t.Error("reading an absent baseline succeeded")
	}
}

func TestDecide(t *testing.T) {
	base := &Baseline{File: "b.json", Findings: []Accepted{
		{Check: "env-file", Path: "/srv/app/.env", Severity: result.High},
		{Check: "compiler", Path: "/usr/bin/gcc", Severity: result.Low},
		{Check: "secret-env", Severity: result.High},
	}}
	waived := finding("git-dir", "/a/.git", result.High)
	waived.Waiver = &result.Waiver{Reason: "x"}

	tests := []struct {
		name     string
		findings []result.Finding
		failOn   result.Severity
		base     *Baseline
		marks    []string // Baseline of each finding
		blocking []bool
	}{
		{"no baseline, above threshold", []result.Finding{finding("user-root", "", result.High)},
			result.High, nil, []string{""}, []bool{true}},
		{"no baseline, below threshold", []result.Finding{finding("compiler", "/x", result.Medium)},
			result.High, nil, []string{""}, []bool{false}},
		{"gate off", []result.Finding{finding("user-root", "", result.High)},
			0, nil, []string{""}, []bool{false}},
		{"waived", []result.Finding{waived}, result.Info, base, []string{""}, []bool{false}},
		{"known", []result.Finding{finding("env-file", "/srv/app/.env", result.High)},
			result.Low, base, []string{"known"}, []bool{false}},
		{"known, path spelled another way", []result.Finding{finding("env-file", "/srv/app//.env",
			result.High)}, result.Low, base, []string{"known"}, []bool{false}},
		{"known, lower now", []result.Finding{finding("env-file", "/srv/app/.env", result.Low)},
			result.Low, base, []string{"known"}, []bool{false}},
		{"worse", []result.Finding{finding("compiler", "/usr/bin/gcc", result.Medium)},
			result.Low, base, []string{"worse"}, []bool{true}},
		{"worse but below threshold", []result.Finding{finding("compiler", "/usr/bin/gcc",
			result.Medium)}, result.High, base, []string{"worse"}, []bool{false}},
		{"new path", []result.Finding{finding("env-file", "/srv/api/.env", result.High)},
			result.High, base, []string{"new"}, []bool{true}},
		{"one more of a path-less check", []result.Finding{
			finding("secret-env", "", result.High), finding("secret-env", "", result.High)},
			result.High, base, []string{"known", "new"}, []bool{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &result.Result{Findings: slices.Clone(tt.findings)}
			g := Decide(res, tt.failOn, tt.base)

			blocking := 0
			for i, f := range res.Findings {
				if f.Baseline != tt.marks[i] || f.Blocking != tt.blocking[i] {
					t.Errorf("finding %d: baseline %q, blocking %v; want %q, %v",
						i, f.Baseline, f.Blocking, tt.marks[i], tt.blocking[i])
				}
				if f.Blocking {
					blocking++
				}
			}
			if g.Blocking != blocking || g.Passed != (blocking == 0) || res.Gate != g {
				t.Errorf("gate = %+v, want %d blocking", g, blocking)
			}
		})
	}
}

func TestDecideRecords(t *testing.T) {
	waived := finding("git-dir", "/a/.git", result.High)
	waived.Waiver = &result.Waiver{Reason: "x"}
	res := &result.Result{Findings: []result.Finding{waived, finding("user-root", "", result.Low)}}

	g := Decide(res, result.Medium, &Baseline{File: "b.json"})
	want := result.Gate{FailOn: "medium", Passed: true, Waived: 1, Baseline: "b.json"}
	if *g != want {
		t.Errorf("gate = %+v, want %+v", *g, want)
	}
	if g := Decide(res, 0, nil); g.FailOn != "none" || !g.Passed {
		t.Errorf("gate off = %+v, want failOn none, passed", g)
	}
}
