package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestJUnit(t *testing.T) {
	res := gated()
	res.Findings[2].Message += "\x01\x1b[31m" // a control character cannot go into XML
	var buf bytes.Buffer
	if err := JUnit(&buf, res, catalogue()); err != nil {
		t.Fatal(err)
	}

	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the report is not well-formed XML: %v\n%s", err, &buf)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d suites, want 1", len(doc.Suites))
	}
	suite := doc.Suites[0]
	cases := map[string]junitCase{}
	for _, c := range suite.Cases {
		cases[c.Name] = c
	}

	tests := []struct {
		check   string
		outcome string // failure, skipped or passed
		typ     string
	}{
		{"env-file", "failure", "high"},
		{"package-cache", "failure", "medium"},
		{"build-leftover", "failure", "low"},
		{"user-root", "skipped", ""},  // waived
		{"docs-bloat", "skipped", ""}, // turned off
		{"sudo", "passed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			c, ok := cases[tt.check]
			if !ok {
				t.Fatalf("no test case for %s", tt.check)
			}
			got := "passed"
			switch {
			case c.Failure != nil && c.Skipped != nil:
				got = "failure and skipped"
			case c.Failure != nil:
				got = "failure"
				if c.Failure.Type != tt.typ {
					t.Errorf("failure type = %q, want %q", c.Failure.Type, tt.typ)
				}
			case c.Skipped != nil:
				got = "skipped"
			}
			if got != tt.outcome {
				t.Errorf("outcome = %s, want %s", got, tt.outcome)
			}
		})
	}

	if suite.Tests != len(catalogue()) || suite.Failures != 3 || suite.Skipped != 2 ||
		doc.Tests != suite.Tests || doc.Failures != suite.Failures {
		t.Errorf("counts: suites %d/%d/%d, suite %d/%d/%d; want 6 tests, 3 failures, 2 skipped",
			doc.Tests, doc.Failures, doc.Skipped, suite.Tests, suite.Failures, suite.Skipped)
	}
	if text := cases["env-file"].Failure.Text; !strings.Contains(text, "/srv/app/.env") ||
		!strings.Contains(text, "blocks the gate") {
		t.Errorf("env-file failure text = %q, want the path and that it blocks", text)
	}
	out := cases["user-root"].SystemOut
	if out == nil || !strings.Contains(out.Text, "drops privileges") {
		t.Errorf("the waived finding and its reason are not in the output: %+v", out)
	}
	if suite.SystemOut == nil || !strings.Contains(suite.SystemOut.Text, "expired") {
		t.Error("the notes are not in the suite's output")
	}
}

func TestJUnitNoFindings(t *testing.T) {
	res := &result.Result{Image: result.Image{Source: "oci-dir", Reference: "app"}}
	var buf bytes.Buffer
	if err := JUnit(&buf, res, catalogue()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Failures != 0 || doc.Skipped != 1 || doc.Tests != 6 {
		t.Errorf("tests %d, failures %d, skipped %d; want 6, 0 and the check turned off",
			doc.Tests, doc.Failures, doc.Skipped)
	}
}

func TestXMLSafe(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "a b\tc\nd", "a b\tc\nd"},
		{"control", "a\x01b\x1bc", "a\uFFFDb\uFFFDc"},
		{"non-ASCII", "café ✓", "café ✓"},
		{"non-character", "a\uFFFEb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := xmlSafe(tt.in); got != tt.want {
				t.Errorf("xmlSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
